package io.emotrace.domain;

/** A stretch of speech analysed as a unit (times in seconds); {@code speaker} is null before diarization. */
public record Segment(String speaker, double start, double end) {
    public Segment {
        if (!(end >= start) || start < 0) {
            throw new IllegalArgumentException("bad segment " + start + ".." + end);
        }
    }

    public double duration() {
        return end - start;
    }
}
