package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The acoustic emotion is one of {@code emotions} (any when empty) with confidence in [min, max]. */
record EmotionCondition(Set<Emotion> emotions, double minConfidence, double maxConfidence)
        implements SegmentCondition {
    @Override
    public String type() {
        return "emotion";
    }

    @Override
    public Explanation test(SegmentState s, EvaluationContext context) {
        if (s.emotion == null || !(emotions.isEmpty() || emotions.contains(s.emotion))
                || s.confidence < minConfidence || s.confidence > maxConfidence) {
            return null;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("confidence", s.confidence);
        return new Explanation(String.format(java.util.Locale.ROOT, "voice %s with confidence %.2f in [%.2f, %.2f]",
                s.emotion.english(), s.confidence, minConfidence, maxConfidence), List.of(), scores);
    }
}
