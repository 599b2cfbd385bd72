package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EnsembleSpeakerEmbedderTest {
    /** Embeds clip i as the i-th row it was given (unit rows), counts closes. */
    private static SpeakerEmbedder fixed(float[][] rows, double minSeconds, AtomicInteger closed) {
        return new SpeakerEmbedder() {
            public String name() {
                return "fixed";
            }

            public int dim() {
                return rows[0].length;
            }

            public double minSeconds() {
                return minSeconds;
            }

            public float[][] embed(List<float[]> clips) {
                return java.util.Arrays.copyOf(rows, clips.size());
            }

            public String describe() {
                return "fixed " + rows[0].length;
            }

            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    private static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * (double) b[i];
        }
        return d;
    }

    @Test
    void cosineOfTheJoinedEmbeddingsIsTheMeanOfTheMembersCosines() throws Exception {
        float[][] a = {{1, 0}, {0.6f, 0.8f}};
        float[][] b = {{0, 1, 0}, {0, -1, 0}};
        AtomicInteger closed = new AtomicInteger();
        try (EnsembleSpeakerEmbedder e = new EnsembleSpeakerEmbedder(
                List.of(fixed(a, 0.5, closed), fixed(b, 1.0, closed)))) {
            assertEquals(5, e.dim());
            assertEquals(1.0, e.minSeconds(), "the longest a member needs");
            float[][] out = e.embed(List.of(new float[1], new float[1]));
            assertEquals(1.0, dot(out[0], out[0]), 1e-6, "unit length again");
            assertEquals(1.0, dot(out[1], out[1]), 1e-6);
            assertEquals((0.6 + -1.0) / 2, dot(out[0], out[1]), 1e-6);
            assertTrue(e.describe().contains("fixed 2 + fixed 3"));
        }
        assertEquals(2, closed.get(), "every member closed once");
    }

    @Test
    void anEnsembleNeedsAMember() {
        assertThrows(IllegalArgumentException.class, () -> new EnsembleSpeakerEmbedder(List.of()));
    }
}
