package io.emotrace.rules;

import static io.emotrace.emotion.embeddings.VectorMath.cosine;

import io.emotrace.domain.Emotion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Volatility in the window of {@code windowSeconds} ending at each of the speaker's segments. Measure
 * {@code changes}: how often the emotion label changes between consecutive segments (at least {@code min}).
 * Measure {@code drift}: the mean cosine distance between consecutive segments' vectors (at least {@code min}),
 * using the stored emotion embeddings when every segment in the window has one, else the 9 class scores (the
 * explanation says which). Segments with confidence below {@code minConfidence} are left out. Fires on the rising
 * edge, like escalation.
 */
record VolatilityCondition(String measure, double windowSeconds, double min, double minConfidence)
        implements HistoryCondition {
    @Override
    public String type() {
        return "volatility";
    }

    @Override
    public List<Hit> scan(List<SegmentState> own, List<SegmentState> all, EvaluationContext context) {
        List<Hit> hits = new ArrayList<>();
        boolean active = false;
        for (SegmentState current : own) {
            double w1 = current.end();
            double w0 = w1 - windowSeconds;
            List<SegmentState> in = new ArrayList<>();
            for (SegmentState s : own) {
                if (s.emotion != null && s.confidence >= minConfidence
                        && HistoryCondition.overlap(w0, w1, s.start(), s.end()) > 0) {
                    in.add(s);
                }
            }
            Hit hit = measure.equals("changes") ? changes(in, current) : drift(in, current);
            boolean now = hit != null;
            if (now && !active) {
                hits.add(hit);
            }
            active = now;
        }
        return hits;
    }

    private Hit changes(List<SegmentState> in, SegmentState current) {
        int changes = 0;
        List<String> path = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            path.add(in.get(i).emotion.english());
            if (i > 0 && in.get(i).emotion != in.get(i - 1).emotion) {
                changes++;
            }
        }
        if (changes < min) {
            return null;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("changes", (double) changes);
        scores.put("min", min);
        return new Hit(in.get(0).start(), current.end(), current.view.index(), new Explanation(String.format(
                java.util.Locale.ROOT, "%d changes of emotion in %.0f s: %s", changes, windowSeconds,
                String.join(" > ", path)), List.of(), scores));
    }

    private Hit drift(List<SegmentState> in, SegmentState current) {
        if (in.size() < 2) {
            return null;
        }
        boolean embeddings = in.stream().allMatch(s -> s.view.embedding() != null
                && s.view.embedding().length == in.get(0).view.embedding().length);
        double sum = 0;
        for (int i = 1; i < in.size(); i++) {
            sum += 1 - cosine(vector(in.get(i - 1), embeddings), vector(in.get(i), embeddings));
        }
        double drift = sum / (in.size() - 1);
        if (drift < min) {
            return null;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("drift", drift);
        scores.put("min", min);
        return new Hit(in.get(0).start(), current.end(), current.view.index(), new Explanation(String.format(
                java.util.Locale.ROOT, "mean drift %.2f between consecutive %s over %d segments in %.0f s",
                drift, embeddings ? "emotion embeddings" : "emotion score vectors (no embeddings stored)",
                in.size(), windowSeconds), List.of(), scores));
    }

    private static double[] vector(SegmentState s, boolean embedding) {
        if (embedding) {
            float[] e = s.view.embedding();
            double[] v = new double[e.length];
            for (int i = 0; i < e.length; i++) {
                v[i] = e[i];
            }
            return v;
        }
        double[] v = new double[Emotion.values().length];
        for (Emotion e : Emotion.values()) {
            v[e.ordinal()] = s.scores.isEmpty() ? (e == s.emotion ? 1 : 0) : s.scores.getOrDefault(e, 0.0);
        }
        return v;
    }
}
