package io.emotrace.rttm;

/** One scored region of a file (a UEM line {@code file channel start end}), in seconds. */
public record UemSegment(String fileId, double start, double end) {
    public UemSegment {
        RttmTurn.requireToken("file id", fileId);
        if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end < start) {
            throw new IllegalArgumentException("UEM segment must satisfy 0 <= start <= end: " + start + " .. " + end);
        }
    }
}
