package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WaveAugmenterTest {
    private static float[] tone(int n, double hz) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 16_000));
        }
        return x;
    }

    @Test
    void reverbKeepsLengthAndLevelButSmearsTheSignal() {
        float[] x = new float[16_000];
        x[1000] = 1f; // an impulse: the output is the room response itself
        float[] y = WaveAugmenter.reverb(x, 0.4, new SplittableRandom(3));
        assertEquals(x.length, y.length);
        assertEquals(WaveAugmenter.rms(x), WaveAugmenter.rms(y), 1e-4);
        // energy after the direct path: the tail 50..200 ms later is well above zero, and decays
        double early = 0;
        double late = 0;
        for (int i = 1000 + 800; i < 1000 + 1600; i++) {
            early += y[i] * y[i];
        }
        for (int i = 1000 + 4800; i < 1000 + 5600; i++) {
            late += y[i] * y[i];
        }
        assertTrue(early > 0 && late > 0 && early > 3 * late, "early " + early + " late " + late);
        for (int i = 0; i < 990; i++) {
            assertEquals(0f, y[i], 1e-4f, "causal: nothing before the impulse");
        }
    }

    @Test
    void noiseIsAddedAtTheRequestedSnr() {
        float[] x = tone(32_000, 440);
        float[] clean = x.clone();
        float[] noise = io.emotrace.diarization.simulate.NoiseGenerator.white(x.length, new SplittableRandom(5));
        WaveAugmenter.addAtSnr(x, noise, 10);
        float[] diff = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            diff[i] = x[i] - clean[i];
        }
        double snr = 20 * Math.log10(WaveAugmenter.rms(clean) / WaveAugmenter.rms(diff));
        assertEquals(10, snr, 0.05);
    }

    @Test
    void speedResamplingShiftsFrequency() {
        float[] x = tone(16_000, 500);
        float[] y = WaveAugmenter.resample(x, 1.1, 8000);
        assertEquals(8000, y.length);
        // 500 Hz read 10 % faster is 550 Hz: 550 cycles/s x 0.5 s x 2 zero crossings per cycle
        assertEquals(550, crossings(y), 4);
    }

    private static int crossings(float[] y) {
        int c = 0;
        for (int i = 1; i < y.length; i++) {
            if ((y[i - 1] < 0) != (y[i] < 0)) {
                c++;
            }
        }
        return c;
    }

    @Test
    void sameSeedSameAugmentation() {
        WaveAugmenter a = new WaveAugmenter(new WaveAugmenter.Settings(1, 0.05, 1, 1, 5, 20, -12, 6));
        float[] x = tone(20_000, 300);
        float[] y1 = a.apply(x, 1.03, 16_000, new SplittableRandom(9));
        float[] y2 = a.apply(x, 1.03, 16_000, new SplittableRandom(9));
        float[] y3 = a.apply(x, 1.03, 16_000, new SplittableRandom(10));
        assertArrayEquals(y1, y2);
        assertNotEquals(WaveAugmenter.rms(y1), WaveAugmenter.rms(y3));
        assertEquals(16_000, y1.length);
    }

    @Test
    void tiltBrightensOrDarkensAtTheSameLevel() {
        float[] low = tone(16_000, 200);
        float[] high = tone(16_000, 5_000);
        float[] mix = new float[low.length];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = low[i] + high[i];
        }
        float[] bright = mix.clone();
        WaveAugmenter.tilt(bright, WaveAugmenter.MAX_TILT);
        float[] dark = mix.clone();
        WaveAugmenter.tilt(dark, WaveAugmenter.MIN_TILT);
        assertEquals(WaveAugmenter.rms(mix), WaveAugmenter.rms(bright), 1e-4);
        assertEquals(WaveAugmenter.rms(mix), WaveAugmenter.rms(dark), 1e-4);
        // the share of the 5 kHz tone: correlation of the output with it, against the input's
        assertTrue(share(bright, high) > 1.15 * share(mix, high), "bright lifts the highs");
        assertTrue(share(dark, high) < 0.8 * share(mix, high), "dark lowers them");
    }

    @Test
    void tiltOffKeepsTheEarlierRecipesDraws() {
        WaveAugmenter.Settings s = WaveAugmenter.Settings.channels();
        float[] x = tone(8_000, 300);
        float[] a = new WaveAugmenter(s).apply(x, 1.0, x.length, new SplittableRandom(5));
        float[] b = new WaveAugmenter(s.withTilt(0)).apply(x, 1.0, x.length, new SplittableRandom(5));
        assertArrayEquals(a, b);
        float[] c = new WaveAugmenter(s.withTilt(1)).apply(x, 1.0, x.length, new SplittableRandom(5));
        assertFalse(java.util.Arrays.equals(a, c), "tilt on changes the crop");
    }

    private static double share(float[] y, float[] part) {
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < y.length; i++) {
            dot += (double) y[i] * part[i];
            norm += (double) y[i] * y[i];
        }
        return Math.abs(dot) / Math.sqrt(norm);
    }
}
