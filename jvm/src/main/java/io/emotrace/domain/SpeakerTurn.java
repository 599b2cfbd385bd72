package io.emotrace.domain;

/**
 * A speaker talking from {@code start} to {@code end} seconds; ids are S1, S2, ... by first appearance.
 * {@code confidence}: the diarizer's calibrated probability that this voice is the one speaking here (0..1), or null
 * when it does not say (no calibration for its model and settings, a reference file, a live label).
 */
public record SpeakerTurn(String speaker, double start, double end, Double confidence) {
    public SpeakerTurn {
        if (speaker == null || !(end >= start) || start < 0) {
            throw new IllegalArgumentException("bad turn " + speaker + " " + start + ".." + end);
        }
        if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("bad turn confidence " + confidence);
        }
    }

    /**
     * Below this confidence a turn's voice is more likely wrong than right: outputs count such speech as unsure and
     * the web UI marks it (its timeline.js repeats the value).
     */
    public static final double UNSURE = 0.5;

    /** A turn without a confidence. */
    public SpeakerTurn(String speaker, double start, double end) {
        this(speaker, start, end, null);
    }

    public double duration() {
        return end - start;
    }

    /** Whether the diarizer said how sure it is of this turn's voice. */
    public boolean hasConfidence() {
        return confidence != null;
    }

    /** The same turn under another id (its confidence kept). */
    public SpeakerTurn renamed(String id) {
        return new SpeakerTurn(id, start, end, confidence);
    }

    /** The same turn with {@code c} as its confidence. */
    public SpeakerTurn withConfidence(double c) {
        return new SpeakerTurn(speaker, start, end, c);
    }
}
