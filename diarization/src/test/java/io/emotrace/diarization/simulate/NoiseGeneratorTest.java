package io.emotrace.diarization.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

/** Spectral shape of the generated noises, measured with an averaged periodogram. */
class NoiseGeneratorTest {
    private static final int N = 4096;

    @Test
    void pinkFallsThreeDbPerOctaveWhiteIsFlat() {
        float[] pink = NoiseGenerator.pink(16000 * 20, new SplittableRandom(3));
        float[] white = NoiseGenerator.white(16000 * 20, new SplittableRandom(3));
        // 125-250 Hz versus 2-4 kHz: four octaves apart
        assertEquals(-12, bandDb(pink, 2000) - bandDb(pink, 125), 2.0, "pink slope over 4 octaves");
        assertEquals(0, bandDb(white, 2000) - bandDb(white, 125), 1.0, "white is flat");
        assertEquals(1.0, rms(pink), 1e-3);
        assertEquals(1.0, rms(white), 1e-3);
        assertArrayEquals(pink, NoiseGenerator.pink(16000 * 20, new SplittableRandom(3)), "seeded");
    }

    private static double bandDb(float[] x, double lowHz) {
        DoubleFFT_1D fft = new DoubleFFT_1D(N);
        double[] psd = new double[N / 2];
        for (int off = 0; off + N <= x.length; off += N) {
            double[] b = new double[N];
            for (int i = 0; i < N; i++) {
                b[i] = x[off + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / N));
            }
            fft.realForward(b);
            for (int k = 1; k < N / 2; k++) {
                psd[k] += b[2 * k] * b[2 * k] + b[2 * k + 1] * b[2 * k + 1];
            }
        }
        double sum = 0;
        int count = 0;
        for (int k = 1; k < N / 2; k++) {
            double f = k * 16000.0 / N;
            if (f >= lowHz && f < 2 * lowHz) {
                sum += psd[k];
                count++;
            }
        }
        return 10 * Math.log10(sum / count);
    }

    private static double rms(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        return Math.sqrt(e / x.length);
    }
}
