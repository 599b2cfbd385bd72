package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.Emotion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoiceHeadTest {
    private static final Emotion[] CLASSES = {Emotion.ANGRY, Emotion.SAD, Emotion.NEUTRAL};

    /** Three classes, each a shift of its own dimension, in two "corpora" of unequal size. */
    private static VoiceHead.Weights fitted(Random r) {
        int n = 300;
        float[][] x = new float[n][6];
        Emotion[] y = new Emotion[n];
        String[] group = new String[n];
        List<Set<Emotion>> allowed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int j = 0; j < 6; j++) {
                x[i][j] = (float) r.nextGaussian();
            }
            x[i][c] += 3;
            y[i] = CLASSES[c];
            group[i] = i < 250 ? "big" : "small";
            allowed.add(Set.of(CLASSES));
        }
        return VoiceHead.fit(x, y, allowed, group, "enc-1", "test");
    }

    @Test
    void learnsSeparableClassesAndPredictsOnlyThePredictedOnes() {
        VoiceHead head = new VoiceHead(fitted(new Random(3)));
        float[] zero = new float[6];
        for (int c = 0; c < 3; c++) {
            float[] x = new float[6];
            x[c] = 3;
            float[] lp = head.logProbs(x, zero);
            int best = 0;
            for (int k = 1; k < lp.length; k++) {
                best = lp[k] > lp[best] ? k : best;
            }
            assertEquals(CLASSES[c].ordinal(), best, "class " + CLASSES[c]);
            assertTrue(lp[Emotion.OTHER.ordinal()] <= -1e3 && lp[Emotion.UNKNOWN.ordinal()] <= -1e3);
            double p = 0;
            for (Emotion e : CorpusLabels.PREDICTED) {
                p += Math.exp(lp[e.ordinal()]);
            }
            assertEquals(1.0, p, 1e-4, "a distribution over the predicted classes");
        }
        float[] x = new float[6];
        x[1] = 3;
        float[] shifted = x.clone();
        for (int j = 0; j < 6; j++) {
            shifted[j] += 10;
        }
        float[] mean = new float[6];
        java.util.Arrays.fill(mean, 10);
        assertArrayEquals(head.logProbs(x, zero), head.logProbs(shifted, mean), 1e-4f, "the speaker's mean is removed");
    }

    @Test
    void fusesLogProbabilitiesWithEqualWeights() {
        VoiceHead head = new VoiceHead(fitted(new Random(4)));
        float[] cnn = new float[EmotionNet.CLASSES];
        cnn[Emotion.HAPPY.ordinal()] = 2;
        cnn[Emotion.OTHER.ordinal()] = 50; // not a predicted class: ignored
        float[] x = new float[6];
        x[0] = 3;
        float[] lp = head.logProbs(x, new float[6]);
        x[0] = 0;
        x[1] = 3;
        float[] lp2 = head.logProbs(x, new float[6]);
        float[] one = VoiceHead.fuse(cnn, List.of(lp));
        float[] two = VoiceHead.fuse(cnn, List.of(lp, lp2));
        double max = 2;
        double norm = Math.log(Math.exp(2 - max) + 6 * Math.exp(-max)) + max;
        for (Emotion e : Emotion.values()) {
            int c = e.ordinal();
            if (CorpusLabels.PREDICTED.contains(e)) {
                assertEquals((cnn[c] - norm + lp[c]) / 2, one[c], 1e-4, e.name());
                assertEquals((cnn[c] - norm + lp[c] + lp2[c]) / 3, two[c], 1e-4, e.name());
            } else {
                assertTrue(one[c] <= -1e3 && two[c] <= -1e3, e.name());
            }
        }
    }

    @Test
    void roundTripsThroughJsonAndRefusesBadShapes(@TempDir Path dir) throws Exception {
        VoiceHead head = new VoiceHead(fitted(new Random(5)));
        Path f = dir.resolve(VoiceHead.FILE);
        head.write(f);
        VoiceHead back = VoiceHead.read(Files.readAllBytes(f), f.toString());
        float[] x = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(head.logProbs(x, new float[6]), back.logProbs(x, new float[6]), 1e-6f);
        assertEquals("enc-1", back.weights().encoder());
        String bad = Files.readString(f).replaceFirst("\"dim\"\\s*:\\s*6", "\"dim\":7");
        assertTrue(bad.contains("\"dim\":7"));
        assertThrows(java.io.IOException.class, () -> VoiceHead.read(bad.getBytes(), "bad"));
        assertThrows(java.io.IOException.class, () -> VoiceHead.read("{\"format\":\"x\"}".getBytes(), "bad"));
        assertThrows(IllegalArgumentException.class, () -> head.logProbs(new float[5], new float[5]));
    }

    @Test
    void balancedWeightsGiveEveryCorpusAndClassTheSameShare() {
        Emotion[] y = {Emotion.SAD, Emotion.SAD, Emotion.SAD, Emotion.ANGRY, Emotion.HAPPY};
        String[] g = {"a", "a", "a", "a", "b"};
        double[] w = VoiceHead.balancedWeights(y, g);
        assertEquals(0.25 / 3, w[0], 1e-12);
        assertEquals(0.25, w[3], 1e-12);
        assertEquals(0.5, w[4], 1e-12);
        assertEquals(1.0, java.util.Arrays.stream(w).sum(), 1e-12);
    }
}
