package io.emotrace.diarization.clustering;

/** How many speakers the user allows: an exact count, or a range (1..Integer.MAX_VALUE when unknown). */
public record SpeakerCount(int min, int max) {
    public static final SpeakerCount AUTO = new SpeakerCount(1, Integer.MAX_VALUE);

    public SpeakerCount {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("speaker count range must satisfy 1 <= min <= max, got " + min + ".." + max);
        }
    }

    public static SpeakerCount exactly(int n) {
        return new SpeakerCount(n, n);
    }

    public boolean isExact() {
        return min == max;
    }

    @Override
    public String toString() {
        return isExact() ? Integer.toString(min) : max == Integer.MAX_VALUE ? min + "..auto" : min + ".." + max;
    }
}
