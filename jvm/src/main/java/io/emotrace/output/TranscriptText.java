package io.emotrace.output;

import io.emotrace.pipeline.AnalyzedSegment;
import io.emotrace.pipeline.EmotionEstimate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code transcript.txt}: one line per turn, {@code [HH:MM:SS.mmm - HH:MM:SS.mmm] SPEAKER (emotion 0.71): text};
 * {@code -} stands for a missing speaker (no diarization) or emotion, {@code (no ASR)} for a missing text.
 */
public final class TranscriptText {
    public static final String FILE_NAME = "transcript.txt";

    private TranscriptText() {
    }

    public static String format(AnalysisResult r) {
        StringBuilder sb = new StringBuilder();
        for (AnalyzedSegment s : r.segments()) {
            EmotionEstimate e = s.emotion();
            sb.append('[').append(clock(s.start())).append(" - ").append(clock(s.end())).append("] ")
                    .append(s.speaker() == null ? "-" : s.speaker())
                    .append(e == null ? " (-)" : String.format(Locale.ROOT, " (%s %.2f)", e.emotion().english(), e.confidence()))
                    .append(": ").append(s.text() == null ? "(no ASR)" : s.text()).append('\n');
        }
        return sb.toString();
    }

    public static Path write(Path dir, AnalysisResult result) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        AtomicFiles.write(target, format(result).getBytes(StandardCharsets.UTF_8));
        return target;
    }

    static String clock(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                ms % 1000);
    }
}
