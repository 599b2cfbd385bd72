package io.emotrace.diarization.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.diarization.embedding.Plda;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PldaClusteringTest {
    private static final int D = 24;

    /** Speaker means on the unit sphere plus a strong within-speaker nuisance along a few shared directions. */
    private static float[] sample(double[] mean, SplittableRandom r) {
        float[] v = new float[D];
        double mood = 2.5 * r.nextGaussian();
        for (int k = 0; k < D; k++) {
            v[k] = (float) (mean[k] + 0.35 * r.nextGaussian() + (k < 2 ? mood : 0));
        }
        return v;
    }

    private static double[] mean(SplittableRandom r) {
        double[] m = new double[D];
        for (int k = 0; k < D; k++) {
            m[k] = 1.5 * r.nextGaussian();
        }
        return m;
    }

    private static Plda trained() {
        SplittableRandom r = new SplittableRandom(5);
        int speakers = 300;
        int per = 5;
        float[][] x = new float[speakers * per][];
        int[] labels = new int[x.length];
        for (int s = 0; s < speakers; s++) {
            double[] m = mean(r);
            for (int i = 0; i < per; i++) {
                x[s * per + i] = sample(m, r);
                labels[s * per + i] = s;
            }
        }
        return Plda.fit(x, labels, D);
    }

    @Test
    void findsTheSpeakerCountAtEvenOddsWhateverTheNuisance() {
        Plda plda = trained();
        for (int speakers = 1; speakers <= 5; speakers++) {
            SplittableRandom r = new SplittableRandom(100 + speakers);
            List<float[]> items = new ArrayList<>();
            int[] truth = new int[speakers * 15];
            for (int s = 0; s < speakers; s++) {
                double[] m = mean(r);
                for (int i = 0; i < 15; i++) {
                    truth[items.size()] = s;
                    items.add(sample(m, r));
                }
            }
            double[][] u = new double[items.size()][];
            double[] w = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                u[i] = plda.project(items.get(i));
                w[i] = 1;
            }
            int[] labels = PldaClustering.cluster(plda, u, w, 0, 1, 99);
            int k = java.util.Arrays.stream(labels).max().orElse(-1) + 1;
            assertEquals(speakers, k, "clusters for " + speakers + " speakers");
            for (int i = 0; i < labels.length; i++) {
                for (int j = 0; j < labels.length; j++) {
                    assertEquals(truth[i] == truth[j], labels[i] == labels[j]);
                }
            }
        }
    }

    @Test
    void honoursTheRequestedCountRange() {
        Plda plda = trained();
        SplittableRandom r = new SplittableRandom(9);
        double[] m = mean(r);
        double[][] u = new double[10][];
        double[] w = new double[10];
        for (int i = 0; i < 10; i++) {
            u[i] = plda.project(sample(m, r));
            w[i] = 1;
        }
        int[] two = PldaClustering.cluster(plda, u, w, 0, 2, 99);
        assertEquals(2, java.util.Arrays.stream(two).max().getAsInt() + 1, "min 2 speakers on one voice");
        int[] atMostOne = PldaClustering.cluster(plda, u, w, 1e9, 1, 1);
        assertEquals(1, java.util.Arrays.stream(atMostOne).max().getAsInt() + 1, "max 1 overrides the threshold");
        assertTrue(PldaClustering.cluster(plda, new double[0][], new double[0], 0, 1, 5).length == 0);
    }

    @Test
    void keepsTwoLocalSpeakersOfOneWindowApart() {
        Plda plda = trained();
        SplittableRandom r = new SplittableRandom(11);
        double[] m = mean(r);
        double[][] u = new double[6][];
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) {
            u[i] = plda.project(sample(m, r));
            w[i] = 1;
        }
        int[] free = PldaClustering.cluster(plda, u, w, null, 0, 1, 99);
        assertEquals(1, java.util.Arrays.stream(free).max().getAsInt() + 1, "one voice, no constraint");
        int[] groups = {0, 0, 1, 2, 3, 4}; // items 0 and 1: two local speakers of window 0
        int[] linked = PldaClustering.cluster(plda, u, w, groups, 0, 1, 99);
        assertTrue(linked[0] != linked[1], "cannot-link kept the window's two local speakers apart");
        int[] forced = PldaClustering.cluster(plda, u, w, groups, 0, 1, 1);
        assertEquals(1, java.util.Arrays.stream(forced).max().getAsInt() + 1, "a maximum of one still merges");
    }
}
