package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.rttm.RttmTurn;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerCorpusTest {
    /**
     * A speaks 0-5 s, B speaks 4-7 s, A again 6.5-10 s, and A's non-ASCII colleague C 8-9 s. Solo stretches:
     * A 0-4; B 5-6.5; A 7-8 and 9-10; C none (fully overlapped by A).
     */
    @Test
    void soloStretchesRemoveEveryOverlap() {
        List<RttmTurn> turns = List.of(
                new RttmTurn("f", "A", 0, 5), new RttmTurn("f", "B", 4, 7),
                new RttmTurn("f", "A", 6.5, 10), new RttmTurn("f", "MÉO069", 8, 9));
        List<double[]> s = SpeakerCorpus.soloStretches(turns);
        assertEquals(4, s.size());
        assertArrayEquals(new double[] {0, 4, 0}, s.get(0), 1e-12);
        assertArrayEquals(new double[] {5, 6.5, 1}, s.get(1), 1e-12);
        assertArrayEquals(new double[] {7, 8, 2}, s.get(2), 1e-12);
        assertArrayEquals(new double[] {9, 10, 2}, s.get(3), 1e-12);
    }

    @Test
    void speechOnlyDropsLeadingTrailingAndLongInternalSilence() {
        float[] x = new float[16_000 * 4];
        for (int i = 8000; i < 24_000; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.1)); // 0.5-1.5 s
        }
        for (int i = 40_000; i < 56_000; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.1)); // 2.5-3.5 s
        }
        float[] s = SpeakerCorpus.speechOnly(io.emotrace.diarization.simulate.SpeechTrimmer.defaults(), x);
        // two 1 s regions plus a frame of margin at each outer edge
        assertTrue(s.length >= 32_000 && s.length <= 32_000 + 2 * 160, "length " + s.length);
    }
}
