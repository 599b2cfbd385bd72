package io.emotrace.emotion.embedded;

import java.util.Arrays;

/**
 * Utterance statistics of the rows the network reads (the prosody head's input, {@link #DIM} values): each mel bin's
 * mean, then mean, deviation and 10th/50th/90th percentiles of the frame level (mean log-mel), of its frame-to-frame
 * change, of log-F0 and of log-F0's change, the mean voicing and the log of the frame count. Every value either
 * follows a constant shift of the rows or ignores it, so removing the speaker's mean of these statistics cancels the
 * speaker's mean spectrum and pitch whether the rows were normalised before or not (training reads normalised rows,
 * the runtime raw ones).
 */
public final class RowStats {
    private static final int MEL = FbankPrep.MEL_BINS;
    /** Values per utterance. */
    public static final int DIM = MEL + 4 * 5 + 2;
    /**
     * Values the rhythm statistics add after {@link #DIM} ({@link #of(float[], int, int, int, boolean)}): per
     * trajectory (the frame level and the mean of each quarter of the mel bins) the share of its modulation power in
     * 0.5-2, 2-4, 4-8 and 8-16 Hz (log), the level's modulation centroid in 2-10 Hz (syllable rate), pauses (share,
     * per second, log mean speech run), voiced onsets per second and log mean voiced run, log-F0's slope and the
     * last fifth of the voiced frames' log-F0 less the mean (final intonation); then mean, deviation and 10/50/90th
     * percentiles of log-F0 and of the frame level over the voiced frames only (all frames when fewer than 10 are
     * voiced): the unvoiced frames' log-F0 is only interpolated.
     */
    public static final int RHYTHM = 5 * 4 + 1 + 3 + 2 + 2 + 2 * 5;
    /** Values per utterance with the rhythm statistics. */
    public static final int DIM_RHYTHM = DIM + RHYTHM;
    /** Rows narrower than this have no pitch track. */
    public static final int MIN_WIDTH = MEL + io.emotrace.features.PitchTrack.CHANNELS;

    private RowStats() {
    }

    /** The statistics of rows [from, to) of {@code rows} ({@code width} values per row: mel bins, log-F0, voicing). */
    public static float[] of(float[] rows, int from, int to, int width) {
        return of(rows, from, to, width, false);
    }

    /** As {@link #of(float[], int, int, int)}; {@code rhythm} appends the {@link #RHYTHM} rhythm statistics. */
    public static float[] of(float[] rows, int from, int to, int width, boolean rhythm) {
        if (width < MIN_WIDTH || from < 0 || to <= from || to * width > rows.length) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of width " + width + " in " + rows.length);
        }
        int t = to - from;
        float[] out = new float[rhythm ? DIM_RHYTHM : DIM];
        double[] mel = new double[MEL];
        double[] level = new double[t];
        double[] f0 = new double[t];
        double voicing = 0;
        for (int i = 0; i < t; i++) {
            int r = (from + i) * width;
            double e = 0;
            for (int b = 0; b < MEL; b++) {
                mel[b] += rows[r + b];
                e += rows[r + b];
            }
            level[i] = e / MEL;
            f0[i] = rows[r + MEL];
            voicing += rows[r + MEL + 1];
        }
        for (int b = 0; b < MEL; b++) {
            out[b] = (float) (mel[b] / t);
        }
        int k = MEL;
        k = put(out, k, level);
        k = put(out, k, changes(level));
        k = put(out, k, f0);
        k = put(out, k, changes(f0));
        out[k++] = (float) (voicing / t);
        out[k] = (float) Math.log(t);
        if (rhythm) {
            RhythmStats.append(rows, from, t, width, level, f0, out, DIM);
        }
        return out;
    }

    private static double[] changes(double[] v) {
        double[] d = new double[Math.max(1, v.length - 1)];
        for (int i = 1; i < v.length; i++) {
            d[i - 1] = Math.abs(v[i] - v[i - 1]);
        }
        return d;
    }

    /** Mean, standard deviation and the 10th, 50th and 90th percentiles (lower element) of {@code v} at {@code k}. */
    static int put(float[] out, int k, double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        double m = 0;
        double ss = 0;
        for (double x : c) {
            m += x;
            ss += x * x;
        }
        m /= c.length;
        out[k] = (float) m;
        out[k + 1] = (float) Math.sqrt(Math.max(0, ss / c.length - m * m));
        out[k + 2] = (float) c[c.length / 10];
        out[k + 3] = (float) c[c.length / 2];
        out[k + 4] = (float) c[c.length * 9 / 10];
        return k + 5;
    }
}
