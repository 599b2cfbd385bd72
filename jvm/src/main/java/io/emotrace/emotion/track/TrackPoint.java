package io.emotrace.emotion.track;

import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import java.util.EnumMap;
import java.util.Map;

/**
 * One point of an emotion curve: the window [start, end) in seconds from the start of the audio, its centre
 * {@code time}, the (smoothed) top class, its confidence and all 9 scores in {@link Emotion} order.
 * A model that abstains ({@code other} below a calibrated confidence although its scores name a class) keeps
 * that answer when most windows around the point abstained; the confidence is then the model's own.
 * {@code ran} is false when the window was not judged (silence, noise, too short: {@code unknown}, confidence 0);
 * {@code reason} says why, or what lowered the confidence of a judged window (clipping, noise), else null.
 */
public record TrackPoint(double time, double start, double end, Emotion emotion, double confidence, float[] scores,
        boolean ran, String reason) {

    public TrackPoint {
        if (scores.length != Emotion.values().length) {
            throw new IllegalArgumentException("need 9 scores, got " + scores.length);
        }
        scores = scores.clone();
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    public double score(Emotion e) {
        return scores[e.ordinal()];
    }

    /** The same content as the pipeline's per-segment estimate. */
    public EmotionEstimate estimate() {
        Map<Emotion, Double> m = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            m.put(e, (double) scores[e.ordinal()]);
        }
        return new EmotionEstimate(emotion, confidence, m);
    }
}
