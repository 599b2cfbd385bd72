package io.emotrace.domain;

/**
 * A stretch of speech analysed as a unit (times in seconds); {@code speaker} is null before diarization.
 * {@code speakerConfidence}: the diarizer's calibrated probability that {@code speaker} is right, null when it does
 * not say ({@link SpeakerTurn#confidence()}).
 */
public record Segment(String speaker, double start, double end, Double speakerConfidence) {
    public Segment {
        if (!(end >= start) || start < 0) {
            throw new IllegalArgumentException("bad segment " + start + ".." + end);
        }
    }

    /** A segment whose speaker (if any) comes without a confidence. */
    public Segment(String speaker, double start, double end) {
        this(speaker, start, end, null);
    }

    public double duration() {
        return end - start;
    }
}
