package io.emotrace.diarization.simulate;

import java.util.SplittableRandom;

/** Seeded white and pink noise with unit RMS. */
public final class NoiseGenerator {
    private NoiseGenerator() {
    }

    public static float[] white(int n, SplittableRandom rng) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) gaussian(rng);
        }
        return normalise(out);
    }

    /**
     * Approximate 1/f noise: white noise fed through first-order low-pass stages whose corners are an octave
     * apart. Each stage is scaled to equal total power, so its density below its corner is ~1/corner; summed
     * over octaves the density at f is ~1/f (-3 dB/octave).
     */
    public static float[] pink(int n, SplittableRandom rng) {
        int stages = 10; // corners from ~8 Hz to ~4 kHz at 16 kHz
        double[] state = new double[stages];
        double[] alpha = new double[stages];
        for (int s = 0; s < stages; s++) {
            double corner = 8.0 * StrictMath.pow(2, s);
            alpha[s] = StrictMath.exp(-2 * Math.PI * corner / MeetingSimulator.SAMPLE_RATE);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double w = gaussian(rng);
            double sum = 0;
            for (int s = 0; s < stages; s++) {
                state[s] = alpha[s] * state[s] + (1 - alpha[s]) * w;
                sum += state[s] / Math.sqrt(1 - alpha[s]); // equal power per stage
            }
            out[i] = (float) sum;
        }
        return normalise(out);
    }

    static float[] normalise(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        double rms = Math.sqrt(e / Math.max(1, x.length));
        if (rms > 0) {
            float k = (float) (1 / rms);
            for (int i = 0; i < x.length; i++) {
                x[i] *= k;
            }
        }
        return x;
    }

    // Box-Muller on SplittableRandom so the sequence is fixed by the seed alone.
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
