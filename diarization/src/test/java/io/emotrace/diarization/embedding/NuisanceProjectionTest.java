package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NuisanceProjectionTest {
    /** A scatter concentrated on two axes: the projection removes exactly those and keeps unit length. */
    @Test
    void removesTheLeadingNuisanceDirections() {
        int d = 6;
        double[][] s = new double[d][d];
        s[1][1] = 5;
        s[4][4] = 3;
        s[0][0] = 0.1;
        NuisanceProjection nap = NuisanceProjection.ofScatter(s, 2);
        assertEquals(2, nap.rank());
        float[] x = {0.3f, 0.5f, 0.2f, 0.1f, -0.7f, 0.35f};
        float[] y = nap.apply(x);
        assertEquals(0, y[1], 1e-6, "nuisance axis 1 removed");
        assertEquals(0, y[4], 1e-6, "nuisance axis 4 removed");
        double norm = 0;
        for (float v : y) {
            norm += v * v;
        }
        assertEquals(1, norm, 1e-5);
        // what is left keeps its direction: y is x without axes 1 and 4, rescaled
        double scale = y[0] / x[0];
        for (int k : new int[] {0, 2, 3, 5}) {
            assertEquals(x[k] * scale, y[k], 1e-5);
        }
        assertEquals(1, nap.top(1).rank());
        float[] z = nap.top(1).apply(x);
        assertEquals(0, z[1], 1e-6);
        assertTrue(Math.abs(z[4]) > 0.1, "rank 1 keeps the second direction");
    }

    /** Two voices that differ along a nuisance axis (emotion) come closer once it is projected out. */
    @Test
    void bringsOneVoiceInTwoConditionsCloser() {
        SplittableRandom r = new SplittableRandom(5);
        int d = 32;
        double[][] s = new double[d][d];
        double[] nuisance = new double[d];
        for (int k = 0; k < d; k++) {
            nuisance[k] = r.nextGaussian();
        }
        double n = 0;
        for (double v : nuisance) {
            n += v * v;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] = nuisance[i] * nuisance[j] / n + (i == j ? 1e-3 : 0);
            }
        }
        float[] voice = new float[d];
        float[] angry = new float[d];
        for (int k = 0; k < d; k++) {
            voice[k] = (float) r.nextGaussian();
            angry[k] = (float) (voice[k] + 5 * nuisance[k] / Math.sqrt(n));
        }
        NuisanceProjection nap = NuisanceProjection.ofScatter(s, 1);
        assertTrue(cos(nap.apply(voice), nap.apply(angry)) > cos(voice, angry) + 0.05);
        assertTrue(cos(nap.apply(voice), nap.apply(angry)) > 0.999);
    }

    @Test
    void writesReadsAndRefusesBadFiles(@TempDir Path dir) throws IOException {
        double[][] s = new double[4][4];
        s[2][2] = 1;
        NuisanceProjection nap = NuisanceProjection.ofScatter(s, 1);
        Path f = dir.resolve(NuisanceProjection.FILE);
        nap.write(f, Map.of("note", "test"));
        NuisanceProjection back = NuisanceProjection.parse(Files.readAllBytes(f), f.toString());
        assertEquals(4, back.inputDim());
        assertEquals(1, back.rank());
        float[] x = {0.5f, 0.5f, 0.5f, 0.5f};
        assertEquals(nap.apply(x)[0], back.apply(x)[0], 1e-6);
        assertThrows(IOException.class, () -> NuisanceProjection.parse(
                "{\"format\":\"emotrace-plda-1\"}".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(IOException.class, () -> NuisanceProjection.parse(
                "{\"format\":\"emotrace-nap-1\",\"directions\":[[1,1]],\"variances\":[1]}".getBytes(StandardCharsets.UTF_8), "x"),
                "not a unit vector");
        assertThrows(IOException.class, () -> NuisanceProjection.parse(
                "{\"format\":\"emotrace-nap-1\",\"directions\":[[1,0],[0]],\"variances\":[1,1]}".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(IllegalArgumentException.class, () -> NuisanceProjection.ofScatter(s, 4));
    }

    private static double cos(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            ab += a[k] * b[k];
            aa += a[k] * a[k];
            bb += b[k] * b[k];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
