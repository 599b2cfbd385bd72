package io.emotrace.audio;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * A telephone line at 16 kHz: the 300 Hz to 3.4 kHz band of an 8 kHz call, then the G.711 mu-law codec. Used to
 * build the diarization bench's telephone-call set, with random band edges as a training augmentation of the speaker
 * embedding, and by {@code bench emotion --loco --telephone} to judge the emotion model on calls.
 */
public final class TelephoneChannel {
    private static final int RATE = 16_000;

    private TelephoneChannel() {
    }

    /** The whole channel, in place of a copy: band 300-3400 Hz, mu-law coded. */
    public static float[] apply(float[] x) {
        float[] y = bandPass(x, 300, 3400);
        muLaw(y);
        return y;
    }

    /**
     * Telephone band: FFT brick-wall with 100 Hz raised-cosine edges between {@code lowHz} and {@code highHz}
     * (zero-padded to a power of two, so no wrap-around); the same length back.
     */
    public static float[] bandPass(float[] x, double lowHz, double highHz) {
        int n = 1;
        while (n < 2 * x.length) {
            n <<= 1;
        }
        float[] a = new float[n];
        System.arraycopy(x, 0, a, 0, x.length);
        FloatFFT_1D fft = new FloatFFT_1D(n);
        fft.realForward(a);
        double hzPerBin = (double) RATE / n;
        double edge = 100;
        a[0] = 0; // DC
        a[1] *= (float) gainAt(RATE / 2.0, lowHz, highHz, edge); // Nyquist
        for (int k = 1; k < n / 2; k++) {
            float g = (float) gainAt(k * hzPerBin, lowHz, highHz, edge);
            a[2 * k] *= g;
            a[2 * k + 1] *= g;
        }
        fft.realInverse(a, true);
        return java.util.Arrays.copyOf(a, x.length);
    }

    private static double gainAt(double f, double low, double high, double edge) {
        if (f <= low - edge || f >= high + edge) {
            return 0;
        }
        if (f < low + edge) {
            return 0.5 - 0.5 * Math.cos(Math.PI * (f - (low - edge)) / (2 * edge));
        }
        if (f > high - edge) {
            return 0.5 + 0.5 * Math.cos(Math.PI * (f - (high - edge)) / (2 * edge));
        }
        return 1;
    }

    /** G.711 mu-law (mu = 255) to 8 bits and back, in place; samples beyond full scale clip as on a real line. */
    public static void muLaw(float[] x) {
        double mu = 255;
        double logMu = Math.log1p(mu);
        for (int i = 0; i < x.length; i++) {
            double v = Math.max(-1, Math.min(1, x[i]));
            double y = Math.signum(v) * Math.log1p(mu * Math.abs(v)) / logMu;
            double q = Math.round(y * 127) / 127.0; // 8-bit code
            x[i] = (float) (Math.signum(q) * (Math.pow(1 + mu, Math.abs(q)) - 1) / mu);
        }
    }

}
