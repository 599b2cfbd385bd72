package io.emotrace.emotion.embedded;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The rhythm statistics {@link RowStats#of(float[], int, int, int, boolean)} appends (see {@link RowStats#RHYTHM}):
 * modulation spectra of the level and of four mel-bin quarters, pauses, voicing runs, log-F0's slope and final fall,
 * and pitch and level statistics of the voiced frames only. Every threshold is relative to the span itself, so a
 * constant shift of the rows (a speaker's mean) moves each value by a constant at most, which removing the speaker's
 * mean of the statistics cancels.
 */
final class RhythmStats {
    private static final int MEL = FbankPrep.MEL_BINS;

    private RhythmStats() {
    }

    /** Frames per second of the rows (10 ms hop). */
    private static final double FPS = 100;
    /** A pause: at least this far (natural-log energy, 20 dB) under the span's 90th-percentile level. */
    private static final double PAUSE_DEPTH = Math.log(100);
    private static final int PAUSE_MIN_FRAMES = 10;
    private static final double[] MOD_BANDS = {0.5, 2, 4, 8, 16};

    /**
     * Writes the {@link RowStats#RHYTHM} values of rows [from, from + t) into {@code out} from {@code k}; {@code level}
     * and {@code f0} are the span's frame level (mean log-mel) and log-F0, already read by {@link RowStats}.
     */
    static void append(float[] rows, int from, int t, int width, double[] level, double[] f0, float[] out, int k) {
        double[][] traj = new double[5][];
        traj[0] = level;
        int quarter = MEL / 4;
        for (int g = 0; g < 4; g++) {
            double[] v = new double[t];
            for (int i = 0; i < t; i++) {
                int r = (from + i) * width + g * quarter;
                double e = 0;
                for (int b = 0; b < quarter; b++) {
                    e += rows[r + b];
                }
                v[i] = e / quarter;
            }
            traj[g + 1] = v;
        }
        double centroid = 0;
        DoubleFFT_1D fft = new DoubleFFT_1D(t); // one plan for the span's five trajectories
        for (int j = 0; j < traj.length; j++) {
            double[] bands = new double[MOD_BANDS.length - 1];
            double c = modulation(traj[j], fft, bands);
            if (j == 0) {
                centroid = c;
            }
            double total = 0;
            for (double b : bands) {
                total += b;
            }
            // a floor of 1 % of the power spread over the bands: a short span has no DFT bin in its lowest band, and
            // an empty band must not become an outlier that scales with the clip's power
            double floor = 0.01 * total / bands.length + 1e-12;
            for (double b : bands) {
                out[k++] = (float) Math.log((b + floor) / (total + floor * bands.length));
            }
        }
        out[k++] = (float) centroid;
        k = pauses(level, t, out, k);
        voicing(rows, from, t, width, level, f0, out, k);
    }

    /** Pause share, pauses per second and the log mean speech run; returns the next index. */
    private static int pauses(double[] level, int t, float[] out, int k) {
        // runs of frames far under the span's loud frames; the threshold follows any shift of the rows
        double[] sorted = level.clone();
        Arrays.sort(sorted);
        double floor = sorted[sorted.length * 9 / 10] - PAUSE_DEPTH;
        int pauses = 0;
        int pauseFrames = 0;
        int speechRuns = 0;
        int run = 0;
        boolean afterPause = true;
        for (int i = 0; i <= t; i++) {
            if (i < t && level[i] < floor) {
                run++;
                continue;
            }
            if (run >= PAUSE_MIN_FRAMES) {
                pauses++;
                pauseFrames += run;
                afterPause = true;
            }
            run = 0;
            if (i < t && afterPause) {
                speechRuns++;
                afterPause = false;
            }
        }
        double seconds = t / FPS;
        out[k++] = (float) pauseFrames / t;
        out[k++] = (float) (pauses / seconds);
        out[k++] = (float) Math.log(Math.max(1, (t - pauseFrames)) / (double) Math.max(1, speechRuns) / FPS);
        return k;
    }

    /** Voiced onsets per second, log mean voiced run, log-F0 slope and final fifth, voiced-frame statistics. */
    private static void voicing(float[] rows, int from, int t, int width, double[] level, double[] f0, float[] out,
            int k) {
        double seconds = t / FPS;
        // a frame is voiced above the middle of its span's 10th and 90th percentile strength
        double[] voicing = new double[t];
        for (int i = 0; i < t; i++) {
            voicing[i] = rows[(from + i) * width + MEL + 1];
        }
        double[] vs = voicing.clone();
        Arrays.sort(vs);
        double lo = vs[vs.length / 10];
        double hi = vs[vs.length * 9 / 10];
        double mid = (lo + hi) / 2;
        boolean spread = hi - lo > 0.1;
        int onsets = 0;
        int voicedFrames = 0;
        boolean prev = false;
        double sumT = 0;
        double sumF = 0;
        double sumTT = 0;
        double sumTF = 0;
        double[] voicedF0 = new double[t];
        double[] voicedLevel = new double[t];
        for (int i = 0; i < t; i++) {
            boolean v = spread && voicing[i] > mid;
            if (v) {
                if (!prev) {
                    onsets++;
                }
                double x = i / FPS;
                sumT += x;
                sumF += f0[i];
                sumTT += x * x;
                sumTF += x * f0[i];
                voicedLevel[voicedFrames] = level[i];
                voicedF0[voicedFrames++] = f0[i];
            }
            prev = v;
        }
        out[k++] = (float) (onsets / seconds);
        out[k++] = (float) Math.log(Math.max(1, voicedFrames) / (double) Math.max(1, onsets) / FPS);
        double slope = 0;
        double lastLess = 0;
        boolean enough = voicedFrames >= 10;
        if (enough) {
            double n = voicedFrames;
            double var = sumTT / n - (sumT / n) * (sumT / n);
            slope = var > 1e-9 ? (sumTF / n - (sumT / n) * (sumF / n)) / var : 0;
            int tail = Math.max(1, voicedFrames / 5);
            double last = 0;
            for (int i = voicedFrames - tail; i < voicedFrames; i++) {
                last += voicedF0[i];
            }
            lastLess = last / tail - sumF / n;
        }
        out[k++] = (float) slope;
        out[k++] = (float) lastLess;
        k = RowStats.put(out, k, enough ? Arrays.copyOf(voicedF0, voicedFrames) : f0);
        RowStats.put(out, k, enough ? Arrays.copyOf(voicedLevel, voicedFrames) : level);
    }

    /**
     * The power of {@code x} (less its mean, Hann-windowed; {@code fft} planned for its length) at each DFT frequency
     * between {@link #MOD_BANDS}' edges, summed into {@code bands}; returns the power-weighted mean frequency between 2
     * and 10 Hz (0 with none).
     */
    private static double modulation(double[] x, DoubleFFT_1D fft, double[] bands) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = (x[i] - mean) * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / Math.max(1, n - 1)));
        }
        fft.realForward(w); // w[2f], w[2f + 1]: real and imaginary part of bin f, for 0 < f < (n - 1) / 2
        double num = 0;
        double den = 0;
        int first = (int) Math.ceil(MOD_BANDS[0] * n / FPS);
        int last = (int) Math.min((n - 2) / 2, Math.floor(MOD_BANDS[MOD_BANDS.length - 1] * n / FPS));
        for (int f = Math.max(1, first); f <= last; f++) {
            double hz = f * FPS / n;
            double p = w[2 * f] * w[2 * f] + w[2 * f + 1] * w[2 * f + 1];
            for (int b = 0; b < bands.length; b++) {
                if (hz >= MOD_BANDS[b] && hz < MOD_BANDS[b + 1]) {
                    bands[b] += p;
                }
            }
            if (hz >= 2 && hz < 10) {
                num += p * hz;
                den += p;
            }
        }
        return den > 0 ? num / den : 0;
    }
}
