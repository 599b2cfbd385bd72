package io.emotrace.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** allOf / anyOf / not over segment conditions; the explanation joins the parts that held. */
record CombinedCondition(String type, List<SegmentCondition> parts) implements SegmentCondition {
    CombinedCondition {
        parts = List.copyOf(parts);
    }

    @Override
    public Explanation test(SegmentState s, EvaluationContext context) {
        List<Explanation> held = new ArrayList<>();
        for (SegmentCondition c : parts) {
            Explanation e = c.test(s, context);
            switch (type) {
                case "allOf" -> {
                    if (e == null) {
                        return null;
                    }
                    held.add(e);
                }
                case "anyOf" -> {
                    if (e != null) {
                        return e;
                    }
                }
                case "not" -> {
                    if (e != null) {
                        return null;
                    }
                }
                default -> throw new IllegalStateException(type);
            }
        }
        if (type.equals("anyOf")) {
            return null;
        }
        if (type.equals("not")) {
            return Explanation.of("not(" + parts.get(0).type() + ")");
        }
        List<String> words = new ArrayList<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        for (Explanation e : held) {
            words.addAll(e.words());
            scores.putAll(e.scores());
            reasons.add(e.reason());
        }
        return new Explanation(String.join("; ", reasons), words, scores);
    }
}
