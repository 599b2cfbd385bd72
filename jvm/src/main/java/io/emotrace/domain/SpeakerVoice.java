package io.emotrace.domain;

import java.util.Arrays;

/**
 * One speaker's average voice spectrum in one recording: per-bin sums of the log-mel frames of that speaker's speech,
 * and their count. An emotion model trained on speaker-normalised features subtracts the mean from every clip of the
 * speaker, so it hears how this voice departs from its own average rather than from an average voice (the clip's
 * channel and the speaker's timbre cancel). Built without labels; merges by {@link #plus}. Immutable.
 *
 * <p>A model with a voice head also keeps the sums of a voice encoder's utterance statistics over the speaker's clips
 * ({@code statSums}, {@code statClips}; empty for other models), whose mean the head removes in the same way.
 *
 * <p>{@code band}: the spectral energy of the speaker's clips above 4 kHz and in all, which tells a voice heard through
 * a telephone line ({@link BandEnergy#narrowband()}; {@link BandEnergy#NONE} when not measured).
 */
public record SpeakerVoice(double[] binSums, long frames, double[] statSums, int statClips, BandEnergy band) {
    public SpeakerVoice {
        if (binSums == null || binSums.length == 0 || frames < 0) {
            throw new IllegalArgumentException("a voice needs per-bin sums and a frame count >= 0");
        }
        if (statSums == null || statClips < 0 || (statClips > 0 && statSums.length == 0)) {
            throw new IllegalArgumentException("a voice's statistics need sums and a clip count >= 0");
        }
        java.util.Objects.requireNonNull(band, "band");
        binSums = binSums.clone();
        statSums = statSums.clone();
    }

    /** A voice whose band was not measured. */
    public SpeakerVoice(double[] binSums, long frames, double[] statSums, int statClips) {
        this(binSums, frames, statSums, statClips, BandEnergy.NONE);
    }

    /** A voice without utterance statistics, its band not measured. */
    public SpeakerVoice(double[] binSums, long frames) {
        this(binSums, frames, new double[0], 0);
    }

    /** This voice heard as {@code band} (e.g. its whole recording's: one recording, one channel). */
    public SpeakerVoice withBand(BandEnergy band) {
        return band.equals(this.band) ? this : new SpeakerVoice(binSums, frames, statSums, statClips, band);
    }

    /** This voice without its utterance statistics (its spectrum and band kept). */
    public SpeakerVoice withoutStatistics() {
        return statClips == 0 && statSums.length == 0 ? this : new SpeakerVoice(binSums, frames, new double[0], 0, band);
    }

    public static SpeakerVoice empty(int bins) {
        return new SpeakerVoice(new double[bins], 0);
    }

    @Override
    public double[] binSums() {
        return binSums.clone();
    }

    @Override
    public double[] statSums() {
        return statSums.clone();
    }

    /** The mean utterance statistics over {@code statClips} clips; null when there are none. */
    public float[] statMeans() {
        if (statClips == 0) {
            return null;
        }
        float[] m = new float[statSums.length];
        for (int j = 0; j < m.length; j++) {
            m[j] = (float) (statSums[j] / statClips);
        }
        return m;
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
        if (other == null || (other.frames == 0 && other.statClips == 0)) {
            return this;
        }
        if (other.bins() != bins()) {
            throw new IllegalArgumentException("voices of " + bins() + " and " + other.bins() + " bins");
        }
        double[] s = binSums.clone();
        for (int b = 0; b < s.length; b++) {
            s[b] += other.binSums[b];
        }
        return new SpeakerVoice(s, frames + other.frames, combine(statSums, statClips, other.statSums, other.statClips, 1),
                statClips + other.statClips, band.plus(other.band));
    }

    /** {@code a + sign * b} of two statistics sums, either of which may be empty (no clips). */
    private static double[] combine(double[] a, int aClips, double[] b, int bClips, int sign) {
        if (bClips == 0 && b.length == 0) {
            return a;
        }
        if (aClips == 0 && a.length == 0) {
            a = new double[b.length];
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("voice statistics of " + a.length + " and " + b.length + " values");
        }
        double[] s = a.clone();
        for (int j = 0; j < s.length; j++) {
            s[j] += sign * b[j];
        }
        return s;
    }

    /** These frames without {@code other}'s (a part of them, e.g. an utterance moved to another voice); null: this. */
    public SpeakerVoice minus(SpeakerVoice other) {
        if (other == null || (other.frames == 0 && other.statClips == 0)) {
            return this;
        }
        if (other.bins() != bins() || other.frames > frames || other.statClips > statClips) {
            throw new IllegalArgumentException("cannot remove a voice of " + other.frames + " frames, " + other.statClips
                    + " clips and " + other.bins() + " bins from one of " + frames + " frames, " + statClips
                    + " clips and " + bins() + " bins");
        }
        double[] s = binSums.clone();
        for (int b = 0; b < s.length; b++) {
            s[b] -= other.binSums[b];
        }
        return new SpeakerVoice(s, frames - other.frames, combine(statSums, statClips, other.statSums, other.statClips, -1),
                statClips - other.statClips, band.minus(other.band));
    }

    /** All of {@code voices} together (nulls skipped), summed into one array; null when there is none. */
    public static SpeakerVoice sum(Iterable<SpeakerVoice> voices) {
        SpeakerVoice total = null;
        for (SpeakerVoice v : voices) {
            if (v != null) {
                total = total == null ? v : total.plus(v);
            }
        }
        return total;
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
        return o instanceof SpeakerVoice v && v.frames == frames && Arrays.equals(v.binSums, binSums)
                && v.statClips == statClips && Arrays.equals(v.statSums, statSums) && v.band.equals(band);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(binSums) + Long.hashCode(frames)) + 31 * Arrays.hashCode(statSums)
                + statClips) + band.hashCode();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "SpeakerVoice[%d bins, %.1f s, %d clips of statistics%s]", bins(),
                seconds(), statClips, band.narrowband() ? ", telephone band" : "");
    }
}
