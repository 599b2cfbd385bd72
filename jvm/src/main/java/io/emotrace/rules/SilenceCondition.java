package io.emotrace.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A long silence of at least {@code minSeconds}. {@code perSpeaker} false: nobody spoke (gaps in the whole
 * conversation). True: the speaker said nothing between two of their own turns (others may have talked).
 */
record SilenceCondition(double minSeconds, boolean perSpeaker) implements HistoryCondition {
    @Override
    public String type() {
        return "silence";
    }

    @Override
    public List<Hit> scan(List<SegmentState> own, List<SegmentState> all, EvaluationContext context) {
        List<Hit> hits = new ArrayList<>();
        double lastEnd = Double.NaN;
        for (SegmentState s : own) {
            if (!Double.isNaN(lastEnd) && s.start() - lastEnd >= minSeconds) {
                Map<String, Double> scores = new LinkedHashMap<>();
                scores.put("seconds", s.start() - lastEnd);
                scores.put("minSeconds", minSeconds);
                hits.add(new Hit(lastEnd, s.start(), s.view.index(), new Explanation(String.format(
                        java.util.Locale.ROOT, "%s silent for %.1f s (bound %.0f s)",
                        perSpeaker ? "speaker " + s.speaker() : "conversation", s.start() - lastEnd, minSeconds),
                        List.of(), scores)));
            }
            lastEnd = Double.isNaN(lastEnd) ? s.end() : Math.max(lastEnd, s.end());
        }
        return hits;
    }
}
