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
        float[] d = diff(RowStats.of(a, 0, 40, WIDTH), RowStats.of(b, 0, 60, WIDTH));
        float[] d2 = diff(RowStats.of(a2, 0, 40, WIDTH), RowStats.of(b2, 0, 60, WIDTH));
        assertArrayEquals(d, d2, 1e-4f);
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
