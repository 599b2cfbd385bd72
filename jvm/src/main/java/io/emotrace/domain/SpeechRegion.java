package io.emotrace.domain;

/** A stretch of detected speech, times in seconds. */
public record SpeechRegion(double start, double end) {
    public SpeechRegion {
        if (!(end >= start) || start < 0) {
            throw new IllegalArgumentException("bad region " + start + ".." + end);
        }
    }

    public double duration() {
        return end - start;
    }
}
