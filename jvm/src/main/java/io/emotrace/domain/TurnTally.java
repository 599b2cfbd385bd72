package io.emotrace.domain;

/**
 * Turns of speech added one by one: their seconds and count, and how sure their speaker labels are (the talk-weighted
 * mean of the confidences given, and the seconds under {@link SpeakerTurn#UNSURE}; turns without a confidence count in
 * neither). One place for the figures {@code diarize}, {@code analyze}, the report and the service's summaries print.
 */
public final class TurnTally {
    private double seconds;
    private int turns;
    private double sureSeconds;
    private double sureSum;
    private double unsureSeconds;

    /** Adds a turn of {@code seconds} (negative counts as 0) whose speaker confidence is {@code confidence} (or null). */
    public TurnTally add(double seconds, Double confidence) {
        double d = Math.max(0, seconds);
        this.seconds += d;
        turns++;
        if (confidence != null) {
            sureSeconds += d;
            sureSum += d * confidence;
            unsureSeconds += confidence < SpeakerTurn.UNSURE ? d : 0;
        }
        return this;
    }

    public double seconds() {
        return seconds;
    }

    public int turns() {
        return turns;
    }

    /** Talk-weighted mean speaker confidence of the turns that have one; null when none has. */
    public Double meanConfidence() {
        return sureSeconds > 0 ? sureSum / sureSeconds : null;
    }

    /** Seconds of the turns that have a confidence. */
    public double secondsWithConfidence() {
        return sureSeconds;
    }

    /** Seconds of the turns whose confidence is under {@link SpeakerTurn#UNSURE}. */
    public double unsureSeconds() {
        return unsureSeconds;
    }
}
