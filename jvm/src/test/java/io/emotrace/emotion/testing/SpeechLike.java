package io.emotrace.emotion.testing;

import java.util.Random;

/** Synthetic signals for the emotion tools' tests: syllable-rate modulated harmonic tones, noise, silence. */
public final class SpeechLike {
    private SpeechLike() {
    }

    /**
     * A voiced, speech-like signal: fundamental {@code f0} with 5 harmonics, a 4 Hz syllable envelope that dips to
     * silence, and a little noise. Written into {@code dst[off, off+len)}; {@code t0} is the time of the first sample.
     */
    public static void voiced(float[] dst, int off, int len, double f0, double amplitude, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < len; i++) {
            double t = i / 16000.0;
            double env = Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t), 2);
            double s = 0;
            for (int h = 1; h <= 5; h++) {
                s += Math.sin(2 * Math.PI * f0 * h * t) / h;
            }
            dst[off + i] = (float) (amplitude * env * s / 2 + 0.0005 * r.nextGaussian());
        }
    }

    public static float[] voiced(int len, double f0, double amplitude, long seed) {
        float[] x = new float[len];
        voiced(x, 0, len, f0, amplitude, seed);
        return x;
    }

    public static float[] whiteNoise(int len, double amplitude, long seed) {
        Random r = new Random(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (amplitude * r.nextGaussian());
        }
        return x;
    }

    public static float[] tone(int len, double f, double amplitude) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * f * i / 16000.0));
        }
        return x;
    }
}
