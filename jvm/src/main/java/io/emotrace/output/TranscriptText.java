package io.emotrace.output;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.EmotionEstimate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code transcript.txt}: one line per turn, {@code [HH:MM:SS.mmm - HH:MM:SS.mmm] SPEAKER (emotion 0.71): text}
 * (SPEAKER: the speaker's name when it has one, else its id);
 * {@code -} stands for a missing speaker (no diarization) or emotion, {@code (no ASR)} for a missing text. A turn
 * whose emotion a rule set changed reads {@code (neutral 0.55 by rules; model: sad 0.45)}.
 */
public final class TranscriptText {
    public static final String FILE_NAME = "transcript.txt";

    private TranscriptText() {
    }

    public static String format(AnalysisResult r) {
        return format(r, Map.of());
    }

    /** With {@code ruled}: by segment index, what a rule set made of that segment's emotion. */
    public static String format(AnalysisResult r, Map<Integer, RuledEmotion> ruled) {
        return format(r.segments(), r::label, ruled);
    }

    /** The same from a result's segments and its speakers' labels (name, else id) by id. */
    public static String format(List<AnalyzedSegment> segments, java.util.function.UnaryOperator<String> label,
                                Map<Integer, RuledEmotion> ruled) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            AnalyzedSegment s = segments.get(i);
            sb.append('[').append(clock(s.start())).append(" - ").append(clock(s.end())).append("] ")
                    .append(s.speaker() == null ? "-" : label.apply(s.speaker()))
                    .append(emotion(s.emotion(), ruled.get(i)))
                    .append(": ").append(s.text() == null ? "(no ASR)" : s.text()).append('\n');
        }
        return sb.toString();
    }

    private static String emotion(EmotionEstimate model, RuledEmotion ruled) {
        if (model == null) {
            return " (-)";
        }
        if (ruled == null) {
            return String.format(Locale.ROOT, " (%s %.2f)", model.emotion().english(), model.confidence());
        }
        return String.format(Locale.ROOT, " (%s %.2f by rules; model: %s %.2f)", ruled.emotion().english(),
                ruled.confidence(), model.emotion().english(), model.confidence());
    }

    /**
     * A transcript written for {@code written} with its speakers relabelled as in {@code renamed} (the same result
     * with other names): line {@code i} is segment {@code i}, so only each line's label changes and everything else
     * (a rules revision's "by rules" emotions) stays as written.
     */
    public static String relabel(String text, AnalysisResult written, AnalysisResult renamed) {
        List<String> lines = text.lines().toList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i < written.segments().size() && written.segments().get(i).speaker() != null) {
                String id = written.segments().get(i).speaker();
                int at = line.indexOf("] ");
                String old = written.label(id);
                if (at > 0 && line.startsWith(old + " (", at + 2)) {
                    line = line.substring(0, at + 2) + renamed.label(id) + line.substring(at + 2 + old.length());
                }
            }
            sb.append(line).append('\n');
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
