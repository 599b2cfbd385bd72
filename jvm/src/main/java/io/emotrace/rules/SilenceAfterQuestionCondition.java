package io.emotrace.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Silence after a question: a segment whose transcript ends with a question mark ({@code ?} or the full-width
 * {@code ？}), after which nobody speaks for at least {@code minSeconds}. The stretch reported is the silence
 * itself (from the question's end to the next speech, by anyone); the speaker is the one who asked. A question at
 * the very end of the analysis has no measured silence after it and does not fire. Conversation-wide: scanned once
 * over every segment in scope.
 */
record SilenceAfterQuestionCondition(double minSeconds) implements HistoryCondition {
    @Override
    public String type() {
        return "silenceAfterQuestion";
    }

    @Override
    public boolean perSpeaker() {
        return false;
    }

    @Override
    public List<Hit> scan(List<SegmentState> own, List<SegmentState> all, EvaluationContext context) {
        List<Hit> hits = new ArrayList<>();
        for (SegmentState q : all) {
            String text = q.view.spokenText();
            if (!isQuestion(text)) {
                continue;
            }
            context.budget.check();
            double next = Double.NaN; // when speech resumes after the question's end
            for (SegmentState s : all) {
                if (s != q && s.end() > q.end()) {
                    double resumes = Math.max(s.start(), q.end());
                    next = Double.isNaN(next) ? resumes : Math.min(next, resumes);
                }
            }
            if (Double.isNaN(next) || next - q.end() < minSeconds) {
                continue;
            }
            double silence = next - q.end();
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("seconds", silence);
            scores.put("minSeconds", minSeconds);
            String asked = text.strip();
            hits.add(new Hit(q.end(), next, q.view.index(), new Explanation(String.format(Locale.ROOT,
                    "%.1f s of silence after %s asked \"%s\" (bound %.0f s)", silence,
                    q.speaker() == null ? "a speaker" : q.speaker(), shorten(asked), minSeconds),
                    List.of(asked), scores)));
        }
        return hits;
    }

    /** The transcript ends with a question mark (closing quotes, brackets and spaces after it are ignored). */
    static boolean isQuestion(String text) {
        int i = text.length() - 1;
        while (i >= 0 && (Character.isWhitespace(text.charAt(i)) || "\"'”’»)]）」』".indexOf(text.charAt(i)) >= 0)) {
            i--;
        }
        return i >= 0 && (text.charAt(i) == '?' || text.charAt(i) == '？');
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : "..." + s.substring(s.length() - 77);
    }
}
