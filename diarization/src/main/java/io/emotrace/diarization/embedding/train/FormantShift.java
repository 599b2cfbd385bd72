package io.emotrace.diarization.embedding.train;

/**
 * Moves a voice's formants by a factor while keeping its pitch and timing: every 10 ms the short-time spectral envelope
 * (linear prediction of order {@link #ORDER} over a 25 ms Hann window) is estimated, the signal is whitened by it, and
 * the residual, which still carries the pitch pulses, is filtered again by the envelope stretched along frequency
 * ({@code E'(w) = E(w / factor)}). A resampled copy ({@link WaveAugmenter#resample}) scales pitch and formants together;
 * this scales the vocal tract alone, which is what tells two people apart more than the pitch an emotion moves.
 */
final class FormantShift {
    static final int ORDER = 18;
    private static final int HOP = 160;
    private static final int WINDOW = 400;
    /** Frequencies the stretched envelope is sampled at, 0..pi. */
    private static final int GRID = 256;
    private static final double[] HANN = hann(WINDOW);
    /** cos(m w_k) of the grid, weighted by the trapezoid rule: the inverse transform of a sampled envelope. */
    private static final double[][] INVERSE = inverse();

    private FormantShift() {
    }

    /** A copy of {@code x} (16 kHz) with its formants scaled by {@code factor} (0.5..2), at the same RMS. */
    static float[] apply(float[] x, double factor) {
        if (!(factor >= 0.5 && factor <= 2)) {
            throw new IllegalArgumentException("formant factor " + factor + ": 0.5..2");
        }
        int n = x.length;
        float[] y = new float[n];
        double[] frame = new double[WINDOW];
        // e^{-i j src_k}: where each grid frequency reads the envelope, the same for every frame of this call
        double[][] cos = new double[GRID + 1][ORDER + 1];
        double[][] sin = new double[GRID + 1][ORDER + 1];
        for (int k = 0; k <= GRID; k++) {
            double src = Math.min(Math.PI, Math.PI * k / GRID / factor);
            for (int i = 0; i <= ORDER; i++) {
                cos[k][i] = Math.cos(i * src);
                sin[k][i] = Math.sin(i * src);
            }
        }
        for (int start = 0; start < n; start += HOP) {
            int from = start + HOP / 2 - WINDOW / 2;
            for (int i = 0; i < WINDOW; i++) {
                int k = from + i;
                frame[i] = k >= 0 && k < n ? x[k] * HANN[i] : 0;
            }
            double[] r = autocorrelation(frame);
            double[] a;
            double[] b;
            double gain;
            if (r[0] < 1e-9) { // silence: passed through
                a = new double[ORDER + 1];
                b = a;
                a[0] = 1;
                gain = 1;
            } else {
                r[0] *= 1.0001; // a little white noise keeps the recursion well conditioned
                double[] ea = new double[1];
                a = levinson(r, ea);
                double[] rw = stretched(a, cos, sin);
                rw[0] *= 1.0001;
                double[] eb = new double[1];
                b = levinson(rw, eb);
                // the residual's power scaled so that the new envelope gives the frame its power back
                gain = Math.sqrt((eb[0] / rw[0]) / (ea[0] / r[0]));
            }
            int end = Math.min(n, start + HOP);
            for (int t = start; t < end; t++) {
                double e = x[t];
                double v = 0;
                for (int i = 1; i <= ORDER && t - i >= 0; i++) {
                    e += a[i] * x[t - i];
                    v -= b[i] * y[t - i];
                }
                y[t] = (float) (v + gain * e);
            }
        }
        double rx = WaveAugmenter.rms(x);
        double ry = WaveAugmenter.rms(y);
        if (ry > 0 && Double.isFinite(ry)) {
            float scale = (float) (rx / ry);
            for (int t = 0; t < n; t++) {
                y[t] *= scale;
            }
        }
        return y;
    }

    static double[] autocorrelation(double[] frame) {
        double[] r = new double[ORDER + 1];
        for (int m = 0; m <= ORDER; m++) {
            double s = 0;
            for (int i = m; i < frame.length; i++) {
                s += frame[i] * frame[i - m];
            }
            r[m] = s;
        }
        return r;
    }

    /** Prediction polynomial {@code 1, a1..ap} of autocorrelation {@code r}; {@code error[0]} the final prediction error. */
    static double[] levinson(double[] r, double[] error) {
        double[] a = new double[ORDER + 1];
        a[0] = 1;
        double err = r[0];
        double[] prev = new double[ORDER + 1];
        for (int i = 1; i <= ORDER; i++) {
            double acc = r[i];
            for (int j = 1; j < i; j++) {
                acc += a[j] * r[i - j];
            }
            double k = -acc / err;
            System.arraycopy(a, 0, prev, 0, i);
            for (int j = 1; j < i; j++) {
                a[j] = prev[j] + k * prev[i - j];
            }
            a[i] = k;
            err *= 1 - k * k;
            if (err <= 0) {
                break; // numerically singular: keep what was found
            }
        }
        error[0] = Math.max(err, 1e-12 * r[0]);
        return a;
    }

    /**
     * Autocorrelation of the envelope {@code 1 / |A|^2} stretched along 0..pi: {@code cos, sin} hold
     * {@code cos(i src_k), sin(i src_k)} of the frequency {@code src_k = min(pi, w_k / factor)} each grid point reads.
     */
    private static double[] stretched(double[] a, double[][] cos, double[][] sin) {
        double[] r = new double[ORDER + 1];
        for (int k = 0; k <= GRID; k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i <= ORDER; i++) {
                re += a[i] * cos[k][i];
                im -= a[i] * sin[k][i];
            }
            double p = 1 / Math.max(1e-12, re * re + im * im);
            double[] basis = INVERSE[k];
            for (int m = 0; m <= ORDER; m++) {
                r[m] += p * basis[m];
            }
        }
        return r;
    }

    private static double[][] inverse() {
        double[][] out = new double[GRID + 1][ORDER + 1];
        for (int k = 0; k <= GRID; k++) {
            double w = Math.PI * k / GRID;
            double weight = k == 0 || k == GRID ? 0.5 : 1;
            for (int m = 0; m <= ORDER; m++) {
                out[k][m] = weight * Math.cos(m * w);
            }
        }
        return out;
    }

    private static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
        }
        return w;
    }
}
