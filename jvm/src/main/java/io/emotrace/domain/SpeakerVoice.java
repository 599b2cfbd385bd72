package io.emotrace.domain;

import java.util.Arrays;

/**
 * One speaker's average voice spectrum in one recording: per-bin sums of the log-mel frames of that speaker's speech,
 * and their count. An emotion model trained on speaker-normalised features subtracts the mean from every clip of the
 * speaker, so it hears how this voice departs from its own average rather than from an average voice (the clip's
 * channel and the speaker's timbre cancel). Built without labels; merges by {@link #plus}. Immutable.
 */
public record SpeakerVoice(double[] binSums, long frames) {
    public SpeakerVoice {
        if (binSums == null || binSums.length == 0 || frames < 0) {
            throw new IllegalArgumentException("a voice needs per-bin sums and a frame count >= 0");
        }
        binSums = binSums.clone();
    }

    public static SpeakerVoice empty(int bins) {
        return new SpeakerVoice(new double[bins], 0);
    }

    @Override
    public double[] binSums() {
        return binSums.clone();
    }

    public int bins() {
        return binSums.length;
    }

    /** Seconds of speech behind the statistics (10 ms frames). */
    public double seconds() {
        return frames / 100.0;
    }

    /** Both voices' frames together; null is the empty voice. */
    public SpeakerVoice plus(SpeakerVoice other) {
        if (other == null || other.frames == 0) {
            return this;
        }
        if (other.bins() != bins()) {
            throw new IllegalArgumentException("voices of " + bins() + " and " + other.bins() + " bins");
        }
        double[] s = binSums.clone();
        for (int b = 0; b < s.length; b++) {
            s[b] += other.binSums[b];
        }
        return new SpeakerVoice(s, frames + other.frames);
    }

    /** These frames without {@code other}'s (a part of them, e.g. an utterance moved to another voice); null: this. */
    public SpeakerVoice minus(SpeakerVoice other) {
        if (other == null || other.frames == 0) {
            return this;
        }
        if (other.bins() != bins() || other.frames > frames) {
            throw new IllegalArgumentException("cannot remove a voice of " + other.frames + " frames and " + other.bins()
                    + " bins from one of " + frames + " frames and " + bins() + " bins");
        }
        double[] s = binSums.clone();
        for (int b = 0; b < s.length; b++) {
            s[b] -= other.binSums[b];
        }
        return new SpeakerVoice(s, frames - other.frames);
    }

    /** All of {@code voices} together (nulls skipped), summed into one array; null when there is none. */
    public static SpeakerVoice sum(Iterable<SpeakerVoice> voices) {
        double[] s = null;
        long frames = 0;
        for (SpeakerVoice v : voices) {
            if (v == null) {
                continue;
            }
            if (s == null) {
                s = new double[v.bins()];
            } else if (v.bins() != s.length) {
                throw new IllegalArgumentException("voices of " + s.length + " and " + v.bins() + " bins");
            }
            for (int b = 0; b < s.length; b++) {
                s[b] += v.binSums[b];
            }
            frames += v.frames;
        }
        return s == null ? null : new SpeakerVoice(s, frames);
    }

    /** The mean log-mel value of each bin (zeros for an empty voice). */
    public float[] binMeans() {
        float[] m = new float[binSums.length];
        for (int b = 0; b < m.length; b++) {
            m[b] = frames == 0 ? 0f : (float) (binSums[b] / frames);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpeakerVoice v && v.frames == frames && Arrays.equals(v.binSums, binSums);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(binSums) + Long.hashCode(frames);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "SpeakerVoice[%d bins, %.1f s]", bins(), seconds());
    }
}
