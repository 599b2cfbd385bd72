package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowStatsTest {
    private static final int WIDTH = 96;

    private static float[] rows(int frames, Random r) {
        float[] f = new float[frames * WIDTH];
        for (int i = 0; i < frames; i++) {
            for (int b = 0; b < 80; b++) {
                f[i * WIDTH + b] = (float) r.nextGaussian() + b * 0.01f;
            }
            f[i * WIDTH + 80] = (float) (0.5 + 0.1 * Math.sin(i / 5.0)); // log-F0
            f[i * WIDTH + 81] = i % 2; // voicing
        }
        return f;
    }

    @Test
    void summarisesLevelPitchAndVoicing() {
        float[] f = new float[3 * WIDTH];
        for (int i = 0; i < 3; i++) {
            for (int b = 0; b < 80; b++) {
                f[i * WIDTH + b] = i; // level 0, 1, 2
            }
            f[i * WIDTH + 80] = 2 * i; // log-F0 0, 2, 4
            f[i * WIDTH + 81] = 1;
        }
        float[] s = RowStats.of(f, 0, 3, WIDTH);
        assertEquals(RowStats.DIM, s.length);
        assertEquals(1f, s[0], 1e-6f, "mel bin mean");
        int k = 80;
        assertArrayEquals(new float[] {1f, (float) Math.sqrt(2.0 / 3), 0f, 1f, 2f}, java.util.Arrays.copyOfRange(s, k, k + 5), 1e-6f);
        assertArrayEquals(new float[] {1f, 0f, 1f, 1f, 1f}, java.util.Arrays.copyOfRange(s, k + 5, k + 10), 1e-6f);
        assertArrayEquals(new float[] {2f, (float) Math.sqrt(8.0 / 3), 0f, 2f, 4f}, java.util.Arrays.copyOfRange(s, k + 10, k + 15), 1e-6f);
        assertEquals(1f, s[k + 20], 1e-6f, "voicing");
        assertEquals((float) Math.log(3), s[k + 21], 1e-6f, "log frames");
    }

    /** A constant shift of the rows moves every statistic by a constant or not at all: a speaker's mean cancels it. */
    @Test
    void aSpeakerShiftOfTheRowsCancelsInDifferencesOfTwoClips() {
        Random r = new Random(1);
        float[] a = rows(40, r);
        float[] b = rows(60, r);
        float[] shift = new float[WIDTH];
        for (int j = 0; j < 82; j++) {
            shift[j] = (float) r.nextGaussian();
        }
        float[] a2 = a.clone();
        float[] b2 = b.clone();
        FeatureNorm.subtract(a2, 40, WIDTH, shift);
        FeatureNorm.subtract(b2, 60, WIDTH, shift);
        for (boolean rhythm : new boolean[] {false, true}) {
            float[] d = diff(RowStats.of(a, 0, 40, WIDTH, rhythm), RowStats.of(b, 0, 60, WIDTH, rhythm));
            float[] d2 = diff(RowStats.of(a2, 0, 40, WIDTH, rhythm), RowStats.of(b2, 0, 60, WIDTH, rhythm));
            assertEquals(rhythm ? RowStats.DIM_RHYTHM : RowStats.DIM, d.length);
            assertArrayEquals(d, d2, 1e-4f);
        }
    }

    /** Rows whose level beats at {@code hz} for 4 s, silent (60 dB down) from {@code pauseFrom} for 0.5 s. */
    private static float[] beating(double hz, int pauseFrom) {
        int frames = 400;
        float[] f = new float[frames * WIDTH];
        for (int i = 0; i < frames; i++) {
            boolean pause = i >= pauseFrom && i < pauseFrom + 50;
            double level = pause ? -14 : 2 * Math.sin(2 * Math.PI * hz * i / 100.0);
            for (int b = 0; b < 80; b++) {
                f[i * WIDTH + b] = (float) level;
            }
            boolean voiced = !pause && Math.sin(2 * Math.PI * hz * i / 100.0) > 0;
            f[i * WIDTH + 80] = (float) (i / 400.0); // log-F0 rising a quarter of an octave a second
            f[i * WIDTH + 81] = voiced ? 0.9f : 0.1f;
        }
        return f;
    }

    @Test
    void rhythmFindsTheBeatThePausesAndThePitchSlope() {
        float[] s = RowStats.of(beating(5, 1000), 0, 400, WIDTH, true);
        int k = RowStats.DIM;
        // the level's modulation power sits in 4-8 Hz, its centroid near 5 Hz
        float[] shares = java.util.Arrays.copyOfRange(s, k, k + 4);
        org.junit.jupiter.api.Assertions.assertTrue(shares[2] > -0.1f && shares[0] < -3 && shares[3] < -3,
                java.util.Arrays.toString(shares));
        assertEquals(5.0, s[k + 20], 0.3, "modulation centroid");
        // half a second of the beat: no DFT bin falls in 0.5-2 Hz, whose share stays at its floor, not far below it
        float[] brief = RowStats.of(beating(5, 1000), 0, 50, WIDTH, true);
        org.junit.jupiter.api.Assertions.assertTrue(brief[k] > Math.log(0.001), "empty band's share " + brief[k]);
        assertEquals(0f, s[k + 21], 1e-6f, "no pause");
        assertEquals(5.0, s[k + 24], 0.3, "voiced onsets per second");
        assertEquals(0.25, s[k + 26], 1e-3, "log-F0 slope, octaves per second");
        // the voiced frames' level is the beat's upper half: its mean 2 * 2 / pi
        assertEquals(4 / Math.PI, s[k + 33], 0.05, "mean level of the voiced frames");
        assertEquals(RowStats.DIM_RHYTHM, k + 38);
        float[] p = RowStats.of(beating(5, 200), 0, 400, WIDTH, true);
        assertEquals(50f / 400, p[k + 21], 1e-6f, "pause share");
        assertEquals(0.25f, p[k + 22], 1e-6f, "pauses per second");
        assertEquals((float) Math.log(350 / 2.0 / 100), p[k + 23], 1e-5f, "log mean speech run");
    }

    @Test
    void refusesRowsWithoutThePitchTrackOrOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> RowStats.of(new float[800], 0, 10, 80));
        assertThrows(IllegalArgumentException.class, () -> RowStats.of(new float[960], 0, 11, WIDTH));
        assertThrows(IllegalArgumentException.class, () -> RowStats.of(new float[960], 5, 5, WIDTH));
    }

    private static float[] diff(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = a[j] - b[j];
        }
        return d;
    }
}
