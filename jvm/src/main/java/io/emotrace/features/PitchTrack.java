package io.emotrace.features;

/**
 * A per-frame pitch track on the Kaldi fbank grid (25 ms frames every 10 ms at 16 kHz, edges snipped), for prosody
 * features beside the fbank: normalised cross-correlation (NCCF) over lags of 60-400 Hz on the signal decimated to
 * 8 kHz. Each frame gives its log-F0 in octaves relative to 100 Hz (unvoiced frames interpolated between their voiced
 * neighbours, a clip without voiced frames all 0) and its voicing strength (the best NCCF, 0..1).
 *
 * <p>Two trackers, because a model is trained on the values of one of them (its card names which):
 * <ul>
 * <li>{@link #LEGACY} (1): the lag with the best score wins even when half of it scores nearly as well, so a voice
 * whose period is not a whole number of 8 kHz samples can read an octave low (worst above ~200 Hz); the pair average
 * before decimating is a weak low-pass (about 3 dB down at 4 kHz); each frame's comparison window starts
 * (WINDOW + MAX_LAG) / 2 samples before the frame centre, so it looks a few ms earlier than its fbank frame.</li>
 * <li>{@link #LATEST} (2): a 31-tap windowed-sinc low-pass at 3.6 kHz before decimating; each lag's pair of windows
 * is centred on the frame; the shortest-lag local maximum within {@link #OCTAVE_SHARE} of the best score wins
 * (period doubling no longer wins by a hair), refined by a parabola through its neighbours (fractional lags).</li>
 * </ul>
 */
public final class PitchTrack {
    public static final int SAMPLE_RATE = 16000;
    /** Channels per frame: log-F0 (octaves re 100 Hz), voicing strength. */
    public static final int CHANNELS = 2;
    /** Samples between frames (10 ms at 16 kHz), the fbank's. */
    public static final int FRAME_SHIFT = 160;
    private static final int FRAME_LENGTH = 400;
    private static final int RATE = SAMPLE_RATE / 2;
    private static final int MIN_LAG = RATE / 400;
    private static final int MAX_LAG = RATE / 60;
    private static final int WINDOW = RATE * 3 / 100; // 30 ms at 8 kHz
    /** A frame is voiced when its best NCCF reaches this. */
    static final double VOICED = 0.5;
    /** The first tracker (models trained before the second read its values). */
    public static final int LEGACY = 1;
    /** The tracker new models are trained with. */
    public static final int LATEST = 2;
    /** Tracker 2: the shortest-lag peak scoring at least this share of the best one is the period. */
    static final double OCTAVE_SHARE = 0.93;
    private static final float[] LOW_PASS = lowPass(31, 3600.0 / SAMPLE_RATE);

    private PitchTrack() {
    }

    /** Frames of a signal of {@code n} samples on the fbank grid. */
    public static int frames(int n) {
        return n < FRAME_LENGTH ? 0 : 1 + (n - FRAME_LENGTH) / FRAME_SHIFT;
    }

    /** Row-major [frames][{@link #CHANNELS}] for 16 kHz {@code samples}, by tracker {@code tracker} (1 or 2). */
    public static float[] compute(float[] samples, int tracker) {
        if (tracker == LATEST) {
            return computeCentred(samples);
        }
        if (tracker != LEGACY) {
            throw new IllegalArgumentException("unknown pitch tracker " + tracker);
        }
        int frames = frames(samples.length);
        float[] y = new float[samples.length / 2];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.5f * (samples[2 * i] + samples[2 * i + 1]); // a (weak) 2-tap low-pass before decimating
        }
        double[] energy = energyPrefix(y);
        double[] octaves = new double[frames];
        boolean[] voiced = new boolean[frames];
        float[] out = new float[frames * CHANNELS];
        for (int t = 0; t < frames; t++) {
            int centre = (t * FRAME_SHIFT + FRAME_LENGTH / 2) / 2;
            int start = Math.max(0, Math.min(y.length - WINDOW - MAX_LAG, centre - (WINDOW + MAX_LAG) / 2));
            double best = 0;
            int lag = 0;
            if (start >= 0 && start + WINDOW + MAX_LAG <= y.length) {
                double e0 = energy[start + WINDOW] - energy[start];
                for (int l = MIN_LAG; l <= MAX_LAG && e0 > 1e-10; l++) {
                    double c = dot(y, start, start + l);
                    double el = energy[start + l + WINDOW] - energy[start + l];
                    double r = el > 1e-10 ? c / Math.sqrt(e0 * el) : 0;
                    if (r > best) {
                        best = r;
                        lag = l;
                    }
                }
            }
            out[t * CHANNELS + 1] = (float) Math.max(0, best);
            if (best >= VOICED && lag > 0) {
                voiced[t] = true;
                octaves[t] = Math.log(RATE / (double) lag / 100.0) / Math.log(2);
            }
        }
        return withOctaves(out, octaves, voiced);
    }

    /** Tracker 2 (see the class comment). */
    private static float[] computeCentred(float[] samples) {
        int frames = frames(samples.length);
        float[] y = decimate(samples);
        double[] energy = energyPrefix(y);
        // lags whose two windows fit in the clip; a peak needs its right neighbour measured too
        int last = Math.min(MAX_LAG + 1, y.length - WINDOW);
        int lags = MAX_LAG + 3 - MIN_LAG;
        double[] dots = null;
        double[] octaves = new double[frames];
        boolean[] voiced = new boolean[frames];
        float[] out = new float[frames * CHANNELS];
        double[] r = new double[MAX_LAG + 2];
        for (int t = 0; t < frames; t++) {
            if (t % DOT_FRAMES == 0) { // the next frames' dot products (bounded memory on long audio)
                dots = lagDots(y, t, Math.min(frames, t + DOT_FRAMES), last);
            }
            int centre = centre(t);
            double best = 0;
            java.util.Arrays.fill(r, 0);
            for (int l = MIN_LAG - 1; l <= last; l++) {
                int a = windowStart(centre, l, y.length);
                double e0 = energy[a + WINDOW] - energy[a];
                double el = energy[a + l + WINDOW] - energy[a + l];
                r[l] = e0 > 1e-10 && el > 1e-10 ? dots[t % DOT_FRAMES * lags + l - (MIN_LAG - 1)] / Math.sqrt(e0 * el) : 0;
                if (l >= MIN_LAG && l < last) {
                    best = Math.max(best, r[l]);
                }
            }
            int lag = 0;
            for (int l = MIN_LAG; l < last && best > 0; l++) {
                if (r[l] >= OCTAVE_SHARE * best && r[l] >= r[l - 1] && r[l] >= r[l + 1]) {
                    lag = l;
                    break;
                }
            }
            out[t * CHANNELS + 1] = (float) Math.max(0, best);
            if (best >= VOICED && lag > 0) {
                double curve = r[lag - 1] - 2 * r[lag] + r[lag + 1];
                double shift = curve < 0 ? Math.max(-0.5, Math.min(0.5, 0.5 * (r[lag - 1] - r[lag + 1]) / curve)) : 0;
                voiced[t] = true;
                octaves[t] = Math.log(RATE / (lag + shift) / 100.0) / Math.log(2);
            }
        }
        return withOctaves(out, octaves, voiced);
    }

    /** Frame {@code t}'s centre on the 8 kHz signal. */
    private static int centre(int t) {
        return (t * FRAME_SHIFT + FRAME_LENGTH / 2) / 2;
    }

    /**
     * Where lag {@code l}'s first window starts for a frame centred at {@code centre}: the two windows compared sit
     * symmetrically around the centre, clamped at the clip's edges.
     */
    private static int windowStart(int centre, int l, int n) {
        return Math.max(0, Math.min(n - WINDOW - l, centre - (WINDOW + l) / 2));
    }

    /** Samples between frames at 8 kHz; a window is {@link #BLOCKS} of them. */
    private static final int HOP = FRAME_SHIFT / 2;
    private static final int BLOCKS = WINDOW / HOP;
    /** Frames whose dot products are held at once. */
    static final int DOT_FRAMES = 512;

    /**
     * The lagged dot products of the two windows of frames {@code from} to {@code to} (exclusive), [frame - from][lags
     * from MIN_LAG - 1 to MAX_LAG + 1] (lags past {@code last} left 0). A frame's window is {@link #BLOCKS} hops long
     * and moves one hop per frame, so away from the clip's edges it is summed from per-hop partial sums shared with its
     * neighbours: a third of the multiplications of one dot product per frame, and the same value up to the last bits
     * of the double sums. Frames whose windows are clamped at an edge take their own dot product.
     */
    static double[] lagDots(float[] y, int from, int to, int last) {
        int lags = MAX_LAG + 3 - MIN_LAG;
        double[] dots = new double[(to - from) * lags];
        double[] hop = new double[to - from + BLOCKS];
        double[] products = new double[(to - from + BLOCKS) * HOP];
        for (int l = MIN_LAG - 1; l <= last; l++) {
            int base = centre(0) - (WINDOW + l) / 2; // frame t's unclamped start is base + t * HOP
            // frames whose windows need no clamping: base + t * HOP in [0, y.length - WINDOW - l]
            int first = Math.max(from, base >= 0 ? 0 : (-base + HOP - 1) / HOP);
            int limit = y.length - WINDOW - l - base < 0 ? -1 : (y.length - WINDOW - l - base) / HOP;
            int end = Math.min(to - 1, limit);
            if (end >= first) {
                // the lagged products of every hop these frames need, in one long loop (the JIT vectorises it well;
                // a float product is exact in double), then each hop's sum in the order dot() takes
                int start = base + first * HOP;
                int count = (end + BLOCKS - first) * HOP;
                for (int i = 0; i < count; i++) {
                    products[i] = y[start + i] * (double) y[start + i + l];
                }
                for (int k = first; k <= end + BLOCKS - 1; k++) {
                    hop[k - from] = sum(products, (k - first) * HOP, HOP);
                }
            }
            for (int t = from; t < to; t++) {
                double d;
                if (t >= first && t <= end) {
                    d = hop[t - from];
                    for (int b = 1; b < BLOCKS; b++) {
                        d += hop[t - from + b];
                    }
                } else {
                    int a = windowStart(centre(t), l, y.length);
                    d = dot(y, a, a + l);
                }
                dots[(t - from) * lags + l - (MIN_LAG - 1)] = d;
            }
        }
        return dots;
    }

    /** Prefix sums of y^2: a lagged window's energy in O(1). */
    private static double[] energyPrefix(float[] y) {
        double[] energy = new double[y.length + 1];
        for (int i = 0; i < y.length; i++) {
            energy[i + 1] = energy[i] + y[i] * (double) y[i];
        }
        return energy;
    }

    /** {@code out} with each frame's log-F0 channel filled: voiced frames' values, the rest interpolated. */
    private static float[] withOctaves(float[] out, double[] octaves, boolean[] voiced) {
        fillUnvoiced(octaves, voiced);
        for (int t = 0; t < octaves.length; t++) {
            out[t * CHANNELS] = (float) octaves[t];
        }
        return out;
    }

    /**
     * 16 kHz to 8 kHz through {@link #LOW_PASS} (zero outside the signal). Inside the signal four outputs are summed side
     * by side: four independent chains of additions instead of one, each output's sum in the same order as alone.
     */
    static float[] decimate(float[] x) {
        float[] y = new float[x.length / 2];
        int half = LOW_PASS.length / 2;
        int i = 0;
        while (i < y.length) {
            int c = 2 * i - half; // the first tap's sample
            if (i + 3 < y.length && c >= 0 && c + 6 + LOW_PASS.length <= x.length) {
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                for (int k = 0; k < LOW_PASS.length; k++) {
                    float h = LOW_PASS[k];
                    a0 += h * x[c + k];
                    a1 += h * x[c + 2 + k];
                    a2 += h * x[c + 4 + k];
                    a3 += h * x[c + 6 + k];
                }
                y[i] = (float) a0;
                y[i + 1] = (float) a1;
                y[i + 2] = (float) a2;
                y[i + 3] = (float) a3;
                i += 4;
                continue;
            }
            double acc = 0;
            for (int k = 0; k < LOW_PASS.length; k++) {
                int j = c + k;
                if (j >= 0 && j < x.length) {
                    acc += LOW_PASS[k] * x[j];
                }
            }
            y[i++] = (float) acc;
        }
        return y;
    }

    /** Hamming-windowed sinc low-pass of {@code taps} taps (odd), cutoff as a fraction of the sample rate; unit DC gain. */
    static float[] lowPass(int taps, double cutoff) {
        float[] h = new float[taps];
        int m = taps / 2;
        double sum = 0;
        double[] v = new double[taps];
        for (int k = 0; k < taps; k++) {
            int n = k - m;
            double sinc = n == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * n) / (Math.PI * n);
            v[k] = sinc * (0.54 - 0.46 * Math.cos(2 * Math.PI * k / (taps - 1)));
            sum += v[k];
        }
        for (int k = 0; k < taps; k++) {
            h[k] = (float) (v[k] / sum);
        }
        return h;
    }

    /** The sum of {@code n} values from {@code off} with four running sums, in the order of {@link #dot}. */
    private static double sum(double[] v, int off, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = off; i < off + n; i += 4) { // HOP is a multiple of 4
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The {@link #WINDOW}-sample dot product at two offsets, four running sums (independent add chains: ~3x faster). */
    private static double dot(float[] y, int a, int b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < WINDOW; i += 4) { // WINDOW is a multiple of 4
            s0 += y[a + i] * (double) y[b + i];
            s1 += y[a + i + 1] * (double) y[b + i + 1];
            s2 += y[a + i + 2] * (double) y[b + i + 2];
            s3 += y[a + i + 3] * (double) y[b + i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The frames of the window {@code [offset, offset + length)} out of the track of the whole chunk ({@code chunkTrack},
     * from {@link #compute}); {@code offset} must be a multiple of {@link #FRAME_SHIFT}. Frames inside the window equal
     * the window's own track; those near its edges also see the audio around it.
     */
    public static float[] window(float[] chunkTrack, int offset, int length) {
        if (offset % FRAME_SHIFT != 0) {
            throw new IllegalArgumentException("window offset " + offset + " is off the " + FRAME_SHIFT + "-sample grid");
        }
        int from = offset / FRAME_SHIFT * CHANNELS;
        return java.util.Arrays.copyOfRange(chunkTrack, Math.min(from, chunkTrack.length),
                Math.min(chunkTrack.length, from + frames(length) * CHANNELS));
    }

    /** Linear interpolation between voiced neighbours; the edges take the nearest voiced value. */
    static void fillUnvoiced(double[] v, boolean[] voiced) {
        int prev = -1;
        for (int t = 0; t <= v.length; t++) {
            if (t < v.length && !voiced[t]) {
                continue;
            }
            int from = prev + 1;
            for (int u = from; u < t; u++) {
                if (prev < 0 && t >= v.length) {
                    v[u] = 0;
                } else if (prev < 0) {
                    v[u] = v[t];
                } else if (t >= v.length) {
                    v[u] = v[prev];
                } else {
                    v[u] = v[prev] + (v[t] - v[prev]) * (u - prev) / (double) (t - prev);
                }
            }
            prev = t;
        }
    }
}
