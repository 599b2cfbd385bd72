package io.emotrace.domain;

/**
 * One point of a sliding-window emotion curve: the window [start, end) in seconds from the start of the audio,
 * its centre {@code time}, and the (smoothed) estimate: top class, its confidence and all 9 scores. A model that
 * abstains ({@code other} below a calibrated confidence although its scores name a class) keeps that answer when
 * most windows around the point abstained; the confidence is then the model's own. {@code judged} is false when
 * the window could not be judged (silence, noise, too short); its estimate is then {@code unknown} with confidence
 * 0. {@code reason} says why, or what lowered the confidence of a judged window (clipping, noise), else null; the
 * pipeline's curves do not carry it, and timeline.json does not write it.
 */
public record EmotionTrackPoint(double time, double start, double end, boolean judged, EmotionEstimate emotion,
                                String reason) {

    /** A point without a reason (the pipeline's curves). */
    public EmotionTrackPoint(double time, double start, double end, boolean judged, EmotionEstimate emotion) {
        this(time, start, end, judged, emotion, null);
    }

    /** The confidence of the top class. */
    public double confidence() {
        return emotion.confidence();
    }

    /** The score of {@code e}. */
    public double score(Emotion e) {
        return emotion.scores().get(e);
    }

    /** All 9 scores in {@link Emotion} order, as the model gave them (single precision). */
    public float[] scores() {
        Emotion[] classes = Emotion.values();
        float[] s = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            s[i] = emotion.scores().get(classes[i]).floatValue();
        }
        return s;
    }
}
