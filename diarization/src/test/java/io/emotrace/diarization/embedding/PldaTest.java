package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PldaTest {
    /** Speakers = random means in 16 dims; a strong nuisance direction (like an emotion) varies within speakers. */
    private static float[][] data(int speakers, int perSpeaker, long seed, int[] labels) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 16;
        float[][] x = new float[speakers * perSpeaker][d];
        for (int s = 0; s < speakers; s++) {
            double[] mean = new double[d];
            for (int k = 0; k < d; k++) {
                mean[k] = r.nextGaussian();
            }
            for (int i = 0; i < perSpeaker; i++) {
                int n = s * perSpeaker + i;
                double nuisance = 3 * r.nextGaussian();
                for (int k = 0; k < d; k++) {
                    x[n][k] = (float) (mean[k] + 0.3 * r.nextGaussian() + (k == 0 ? nuisance : 0));
                }
                labels[n] = s;
            }
        }
        return x;
    }

    @Test
    void separatesSpeakersAcrossTheNuisanceBetterThanCosine() {
        int[] labels = new int[200 * 6];
        Plda plda = Plda.fit(data(200, 6, 1, labels), labels, 16);
        int[] test = new int[40 * 6];
        float[][] x = data(40, 6, 2, test);
        double[][] u = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            u[i] = plda.project(x[i]);
        }
        int pldaErrors = 0;
        int cosineErrors = 0;
        int trials = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                boolean same = test[i] == test[j];
                double llr = plda.llr(u[i], u[j]);
                if ((llr > 0) != same) {
                    pldaErrors++;
                }
                if ((cosine(x[i], x[j]) > 0.5) != same) {
                    cosineErrors++;
                }
                trials++;
            }
        }
        assertTrue(pldaErrors < cosineErrors, "PLDA " + pldaErrors + " vs cosine " + cosineErrors + " errors");
        assertTrue(pldaErrors < 0.05 * trials, pldaErrors + " errors of " + trials);
    }

    @Test
    void groupMergeOfTwoSinglesIsThePairRatio() {
        int[] labels = new int[50 * 4];
        Plda plda = Plda.fit(data(50, 4, 3, labels), labels, 8);
        double[] a = plda.project(data(1, 1, 9, new int[1])[0]);
        double[] b = plda.project(data(1, 1, 10, new int[1])[0]);
        assertEquals(plda.llr(a, b), plda.mergeLlr(1, a, 1, b), 1e-9);
        assertEquals(plda.llr(a, b), plda.llr(b, a), 1e-12);
    }

    @Test
    void roundTripsThroughItsFile(@TempDir Path dir) throws Exception {
        int[] labels = new int[30 * 3];
        float[][] x = data(30, 3, 4, labels);
        Plda plda = Plda.fit(x, labels, 10);
        plda.write(dir.resolve(Plda.FILE), Map.of("test", true));
        Plda back = Plda.readIfPresent(dir);
        assertArrayEquals(plda.project(x[5]), back.project(x[5]), 1e-12);
        assertEquals(10, back.dims());
        Files.writeString(dir.resolve(Plda.FILE), "{\"format\":\"other\"}");
        assertThrows(java.io.IOException.class, () -> Plda.readIfPresent(dir));
        assertThrows(IllegalArgumentException.class, () -> Plda.fit(new float[][] {{1, 2}}, new int[] {0}, 2));
    }

    private static double cosine(float[] a, float[] b) {
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
