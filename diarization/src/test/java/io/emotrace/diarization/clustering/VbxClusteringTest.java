package io.emotrace.diarization.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        assertTrue(loose > tight, loose + " vs " + tight);
    }

    @Test
    void emptyAndSingleInputsAndNonFiniteValuesKeepTheStart() {
        assertEquals(0, VbxClustering.cluster(new double[0][], PHI, new int[0], 0.3, 1.0, 7.0, 20).length);
        double[][] one = draw(1, 1, new Random(1));
        assertArrayEquals(new int[] {0}, VbxClustering.cluster(one, PHI, new int[] {0}, 0.3, 1.0, 7.0, 20));
        double[][] x = draw(2, 10, new Random(2));
        int[] init = new int[20];
        for (int i = 10; i < 20; i++) {
            init[i] = 1;
        }
        x[3][0] = Double.NaN;
        assertArrayEquals(init, VbxClustering.cluster(x, PHI, init, 0.3, 1.0, 7.0, 20), "a NaN teaches nothing");
    }

    /** Wired into SpeakerClusterer: from an over-split AHC start with a PLDA model, AHC alone without one. */
    @Test
    void theClustererRunsVbxFromAhcWhenTheEmbedderHasAPldaModel() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        int dims = 12;
        // a PLDA model fitted on 200 synthetic voices, then three new voices to cluster
        float[][] train = new float[200 * 6][];
        int[] labels = new int[train.length];
        for (int s = 0; s < 200; s++) {
            double[] mean = voice(dims, r);
            for (int i = 0; i < 6; i++) {
                train[s * 6 + i] = utterance(mean, r);
                labels[s * 6 + i] = s;
            }
        }
        io.emotrace.diarization.embedding.Plda plda = io.emotrace.diarization.embedding.Plda.fit(train, labels, dims);
        java.util.List<SpeakerClusterer.Item> items = new java.util.ArrayList<>();
        for (int s = 0; s < 3; s++) {
            double[] mean = voice(dims, r);
            for (int i = 0; i < 20; i++) {
                items.add(new SpeakerClusterer.Item(utterance(mean, r), 2.0, true, items.size()));
            }
        }
        ClusteringSettings over = ClusteringSettings.defaults().withThreshold(0.05).withMinClusterSeconds(0)
                .withRefineIterations(0).withMethod(ClusteringSettings.Method.VBX).withVbx(0.3, 1.0);
        int ahc = new SpeakerClusterer(over, null).cluster(items, SpeakerCount.AUTO).speakers();
        SpeakerClusterer vbx = new SpeakerClusterer(over, plda);
        assertTrue(vbx.usesVbx());
        assertTrue(ahc > 3, "the tight AHC start over-splits: " + ahc);
        assertEquals(3, vbx.cluster(items, SpeakerCount.AUTO).speakers());
        // a count VBx does not end with is the caller's to decide: the AHC cut into it is kept
        assertEquals(5, vbx.cluster(items, SpeakerCount.exactly(5)).speakers());
    }

    private static double[] voice(int dims, java.util.SplittableRandom r) {
        double[] m = new double[dims];
        for (int k = 0; k < dims; k++) {
            m[k] = r.nextGaussian();
        }
        return m;
    }

    private static float[] utterance(double[] mean, java.util.SplittableRandom r) {
        float[] v = new float[mean.length];
        double norm = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (mean[k] + 0.3 * r.nextGaussian());
            norm += v[k] * v[k];
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
