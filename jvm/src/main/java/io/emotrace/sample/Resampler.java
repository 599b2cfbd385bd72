package io.emotrace.sample;

/**
 * A plain windowed-sinc resampler for the sample meeting when no FFmpeg decoder is on the classpath (espeak-ng
 * writes 22050 Hz). Good enough for synthetic speech; real inputs always go through the decoder's resampler.
 */
final class Resampler {
    private static final int HALF_TAPS = 16;
    private static final double ROLLOFF = 0.95;

    private Resampler() {
    }

    static float[] resample(float[] x, int inRate, int outRate) {
        if (inRate == outRate) {
            return x.clone();
        }
        double ratio = (double) outRate / inRate;
        double cutoff = Math.min(1.0, ratio) * ROLLOFF; // of the input Nyquist: removes what would alias
        int reach = (int) Math.ceil(HALF_TAPS / Math.min(1.0, ratio));
        float[] y = new float[(int) Math.floor(x.length * ratio)];
        for (int i = 0; i < y.length; i++) {
            double t = i / ratio;
            int c = (int) Math.floor(t);
            double acc = 0;
            for (int k = Math.max(0, c - reach + 1); k <= Math.min(x.length - 1, c + reach); k++) {
                double d = t - k;
                double arg = Math.PI * cutoff * d;
                double sinc = arg == 0 ? 1.0 : Math.sin(arg) / arg;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * d / reach);
                acc += x[k] * cutoff * sinc * window;
            }
            y[i] = (float) acc;
        }
        return y;
    }
}
