package io.emotrace.rules;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.StageStatus;
import io.emotrace.domain.Word;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a result.json the way the pipeline does, for tests of reading and re-evaluating stored runs. */
final class StoredRuns {
    private StoredRuns() {
    }

    static Path write(Path dir, List<AnalyzedSegment> segments) throws IOException {
        Map<String, double[]> speakers = new LinkedHashMap<>();
        for (AnalyzedSegment s : segments) {
            double[] acc = speakers.computeIfAbsent(s.speaker(), k -> new double[2]);
            acc[0] += s.end() - s.start();
            acc[1]++;
        }
        List<AnalysisResult.Speaker> sp = new ArrayList<>();
        speakers.forEach((id, acc) -> sp.add(new AnalysisResult.Speaker(id, acc[0], (int) acc[1])));
        double end = segments.stream().mapToDouble(AnalyzedSegment::end).max().orElse(0);
        AnalysisResult r = new AnalysisResult(1, "test", "2026-01-01T00:00:00Z",
                new AnalysisResult.Input("/x/in.wav", "in.wav", 10, "00", "wav", "pcm_s16le", 16000, 1, end),
                new AnalysisResult.ProcessedAudio("processed_audio.wav", "pcm_s16le", 16000, (long) (end * 16000), end),
                List.of(new AnalysisResult.Stage("rules", StageStatus.OK, "x", 0.1)), List.of(), sp, segments,
                List.of(new RuleFlag("old-rule", "info", "S1", 0, 1, "from the first run")));
        ResultJson.write(dir, r);
        return dir;
    }

    static AnalyzedSegment segment(String speaker, double start, double end, float[] scores, String text) {
        List<Word> words = new ArrayList<>();
        String[] t = text.isBlank() ? new String[0] : text.split(" ");
        for (int i = 0; i < t.length; i++) {
            words.add(new Word(t[i], start + i * 0.3, start + i * 0.3 + 0.25, 0.9));
        }
        return new AnalyzedSegment(speaker, start, end, scores == null ? null : EmotionEstimate.fromScores(scores),
                text, words);
    }

    /** Nine scores in Emotion order with {@code top} at {@code p}. */
    static float[] scores(int top, float p) {
        float[] s = new float[9];
        java.util.Arrays.fill(s, (1 - p) / 8);
        s[top] = p;
        return s;
    }
}
