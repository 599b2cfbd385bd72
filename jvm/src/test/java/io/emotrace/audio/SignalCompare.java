package io.emotrace.audio;

/** Alignment and error measures for comparing two decodes of the same audio. */
final class SignalCompare {
    private SignalCompare() {
    }

    /** The lag (samples of b relative to a, within +-maxLag) that maximises normalised cross-correlation. */
    static int bestLag(float[] a, float[] b, int maxLag) {
        int best = 0;
        double bestCorr = Double.NEGATIVE_INFINITY;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double c = correlation(a, b, lag);
            if (c > bestCorr) {
                bestCorr = c;
                best = lag;
            }
        }
        return best;
    }

    /** Pearson-style normalised correlation of a[i] with b[i + lag] over their common range. */
    static double correlation(float[] a, float[] b, int lag) {
        double ab = 0, aa = 0, bb = 0;
        int from = Math.max(0, -lag);
        int to = Math.min(a.length, b.length - lag);
        for (int i = from; i < to; i++) {
            double x = a[i];
            double y = b[i + lag];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** 10 log10(energy(ref) / energy(ref - test)) over the common range, test shifted by lag. */
    static double snrDb(float[] ref, float[] test, int lag) {
        double sig = 0, err = 0;
        int from = Math.max(0, -lag);
        int to = Math.min(ref.length, test.length - lag);
        for (int i = from; i < to; i++) {
            double r = ref[i];
            double d = r - test[i + lag];
            sig += r * r;
            err += d * d;
        }
        return 10 * Math.log10(sig / Math.max(err, 1e-30));
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * (double) v;
        }
        return Math.sqrt(s / Math.max(1, x.length));
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
