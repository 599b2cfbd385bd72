package io.emotrace.diarization.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VbxClusteringTest {
    private static final int DIMS = 16;
    private static final double[] PHI = phi();

    private static double[] phi() {
        double[] p = new double[DIMS];
        java.util.Arrays.fill(p, 4.0);
        return p;
    }

    /** {@code perSpeaker} embeddings of each of {@code speakers} voices drawn from the PLDA model. */
    private static double[][] draw(int speakers, int perSpeaker, Random rnd) {
        double[][] x = new double[speakers * perSpeaker][DIMS];
        for (int s = 0; s < speakers; s++) {
            double[] mean = new double[DIMS];
            for (int k = 0; k < DIMS; k++) {
                mean[k] = rnd.nextGaussian() * Math.sqrt(PHI[k]);
            }
            for (int i = 0; i < perSpeaker; i++) {
                for (int k = 0; k < DIMS; k++) {
                    x[s * perSpeaker + i][k] = mean[k] + rnd.nextGaussian();
                }
            }
        }
        return x;
    }

    /** Start labels that split every voice ({@code perSpeaker} consecutive embeddings) into three at random. */
    private static int[] splitInThree(int n, int perSpeaker, Random rnd) {
        int[] init = new int[n];
        for (int i = 0; i < n; i++) {
            init[i] = (i / perSpeaker) * 3 + rnd.nextInt(3);
        }
        return init;
    }

    private static long count(int[] labels) {
        return java.util.Arrays.stream(labels).distinct().count();
    }

    @Test
    void anOverSplitStartKeepsOnlyTheSpeakersTheDataNeeds() {
        Random rnd = new Random(3);
        double[][] x = draw(3, 30, rnd);
        int[] init = splitInThree(x.length, 30, rnd);
        int[] labels = VbxClustering.cluster(x, PHI, init, 0.3, 1.0, 7.0, 20);
        assertEquals(3L, count(labels));
        for (int s = 0; s < 3; s++) {
            for (int i = 1; i < 30; i++) {
                assertEquals(labels[s * 30], labels[s * 30 + i], "one voice, one label");
            }
        }
        assertNotEquals(labels[0], labels[30]);
        assertNotEquals(labels[30], labels[60]);
    }

    @Test
    void strongerAcousticEvidenceKeepsMoreSpeakers() {
        // Fa weighs the embeddings against the speaker prior: at full weight the random three-way split survives
        Random rnd = new Random(3);
        double[][] x = draw(3, 30, rnd);
        int[] init = splitInThree(x.length, 30, rnd);
        long tight = count(VbxClustering.cluster(x, PHI, init, 0.3, 1.0, 7.0, 20));
        long loose = count(VbxClustering.cluster(x, PHI, init, 1.0, 0.3, 7.0, 20));
        org.junit.jupiter.api.Assertions.assertTrue(loose > tight, loose + " vs " + tight);
    }

    @Test
    void twoVoicesStartedAsOneStayOne() {
        // VBx only removes speakers: it cannot split what AHC merged
        double[][] x = draw(2, 20, new Random(5));
        int[] labels = VbxClustering.cluster(x, PHI, new int[x.length], 1.0, 1.0, 7.0, 30);
        assertEquals(1L, count(labels));
    }
}
