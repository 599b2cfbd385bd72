package io.emotrace.domain;

import java.util.EnumMap;
import java.util.Map;

/** The recognizer's answer for one segment: the top class, its confidence, and the scores of all nine classes. */
public record EmotionEstimate(Emotion emotion, double confidence, Map<Emotion, Double> scores) {
    public EmotionEstimate {
        if (scores.size() != Emotion.values().length) {
            throw new IllegalArgumentException("need a score for each of the 9 classes, got " + scores.keySet());
        }
        scores = java.util.Collections.unmodifiableMap(new EnumMap<>(scores));
    }

    /** {@code top} with {@code confidence}, and the 9 scores in {@link Emotion} order. */
    public static EmotionEstimate of(Emotion top, double confidence, float[] scores) {
        Emotion[] classes = Emotion.values();
        if (scores.length != classes.length) {
            throw new IllegalArgumentException("need 9 scores, got " + scores.length);
        }
        Map<Emotion, Double> map = new EnumMap<>(Emotion.class);
        for (int i = 0; i < classes.length; i++) {
            map.put(classes[i], (double) scores[i]);
        }
        return new EmotionEstimate(top, confidence, map);
    }

    /** The top class of a full score vector in {@link Emotion} order (e.g. a softmax output). */
    public static EmotionEstimate fromScores(float[] scores) {
        Emotion[] classes = Emotion.values();
        if (scores.length != classes.length) {
            throw new IllegalArgumentException("expected " + classes.length + " scores, got " + scores.length);
        }
        Map<Emotion, Double> map = new EnumMap<>(Emotion.class);
        int best = 0;
        for (int i = 0; i < classes.length; i++) {
            map.put(classes[i], (double) scores[i]);
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return new EmotionEstimate(classes[best], scores[best], map);
    }
}
