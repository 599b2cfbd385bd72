package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Escalation: in the window of {@code windowSeconds} ending at each of the speaker's segments, the share of the
 * speaker's talk time labelled one of {@code emotions} reaches {@code minShare} over at least {@code minSegments}
 * segments. A segment counts as one of them only with confidence at least {@code minConfidence} (a weak reading
 * is talk time, not anger). Fires when the share first crosses the bound and again only after it has dropped below.
 */
record EscalationCondition(Set<Emotion> emotions, double windowSeconds, double minShare, int minSegments,
                           double minConfidence)
        implements HistoryCondition {
    @Override
    public String type() {
        return "escalation";
    }

    @Override
    public List<Hit> scan(List<SegmentState> own, List<SegmentState> all, EvaluationContext context) {
        List<Hit> hits = new ArrayList<>();
        boolean active = false;
        for (SegmentState current : own) {
            double w1 = current.end();
            double w0 = w1 - windowSeconds;
            double talk = 0;
            double hot = 0;
            int count = 0;
            double first = w1;
            for (SegmentState s : own) {
                double o = HistoryCondition.overlap(w0, w1, s.start(), s.end());
                if (o <= 0 || s.emotion == null) {
                    continue;
                }
                talk += o;
                count++;
                first = Math.min(first, Math.max(w0, s.start()));
                if (emotions.contains(s.emotion) && s.confidence >= minConfidence) {
                    hot += o;
                }
            }
            double share = talk > 0 ? hot / talk : 0;
            boolean now = count >= minSegments && share >= minShare;
            if (now && !active) {
                Map<String, Double> scores = new LinkedHashMap<>();
                scores.put("share", share);
                scores.put("minShare", minShare);
                scores.put("talkSeconds", talk);
                scores.put("segments", (double) count);
                hits.add(new Hit(first, w1, current.view.index(), new Explanation(String.format(
                        java.util.Locale.ROOT, "%.0f%% of %.1f s of talk in the last %.0f s was %s (bound %.0f%%)",
                        100 * share, talk, windowSeconds, names(emotions), 100 * minShare), List.of(), scores)));
            }
            active = now;
        }
        return hits;
    }

    static String names(Set<Emotion> emotions) {
        return String.join("/", emotions.stream().map(Emotion::english).toList());
    }
}
