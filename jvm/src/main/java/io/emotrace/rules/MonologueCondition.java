package io.emotrace.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A monologue: the speaker's consecutive segments, with nobody else speaking in between and pauses of at most
 * {@code maxGapSeconds}, adding up to a stretch of at least {@code minSeconds}.
 */
record MonologueCondition(double minSeconds, double maxGapSeconds) implements HistoryCondition {
    @Override
    public String type() {
        return "monologue";
    }

    @Override
    public List<Hit> scan(List<SegmentState> own, List<SegmentState> all, EvaluationContext context) {
        List<Hit> hits = new ArrayList<>();
        int i = 0;
        while (i < own.size()) {
            int j = i;
            while (j + 1 < own.size() && own.get(j + 1).start() - own.get(j).end() <= maxGapSeconds
                    && !othersBetween(own.get(j), own.get(j + 1), all)) {
                j++;
            }
            double start = own.get(i).start();
            double end = own.get(j).end();
            if (end - start >= minSeconds) {
                Map<String, Double> scores = new LinkedHashMap<>();
                scores.put("seconds", end - start);
                scores.put("minSeconds", minSeconds);
                hits.add(new Hit(start, end, own.get(j).view.index(), new Explanation(String.format(
                        java.util.Locale.ROOT, "spoke %.1f s without interruption over %d segments (bound %.0f s)",
                        end - start, j - i + 1, minSeconds), List.of(), scores)));
            }
            i = j + 1;
        }
        return hits;
    }

    private static boolean othersBetween(SegmentState a, SegmentState b, List<SegmentState> all) {
        String speaker = a.speaker();
        for (SegmentState s : all) {
            if (!java.util.Objects.equals(s.speaker(), speaker)
                    && HistoryCondition.overlap(a.end(), b.start(), s.start(), s.end()) > 0) {
                return true;
            }
        }
        return false;
    }
}
