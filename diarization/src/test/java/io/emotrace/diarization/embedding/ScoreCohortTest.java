package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCohortTest {
    private static final float[][] COHORT = {{1, 0, 0}, {0, 1, 0}, {0, 0, 2}, {3, 4, 0}};

    @Test
    void statsAreThoseOfTheClosestCohortVoices() {
        ScoreCohort c = new ScoreCohort(COHORT, 2);
        // scores of (1, 0, 0) against the normalised cohort: 1, 0, 0, 0.6 -> top 2: 1 and 0.6
        ScoreCohort.Stats s = c.stats(new float[] {5, 0, 0});
        assertEquals(0.8, s.mean(), 1e-6);
        assertEquals(0.2, s.sd(), 1e-6);
        assertEquals(0.6, ScoreCohort.normalise(0.92, s, s), 1e-6);
    }

    @Test
    void normalisesSymmetrically() {
        ScoreCohort.Stats a = new ScoreCohort.Stats(0.3, 0.1);
        ScoreCohort.Stats b = new ScoreCohort.Stats(0.5, 0.2);
        assertEquals(ScoreCohort.normalise(0.7, a, b), ScoreCohort.normalise(0.7, b, a), 1e-12);
        assertEquals(0.5 * ((0.7 - 0.3) / 0.1 + (0.7 - 0.5) / 0.2), ScoreCohort.normalise(0.7, a, b), 1e-12);
    }

    @Test
    void roundTripsThroughItsFile(@TempDir Path dir) throws Exception {
        new ScoreCohort(COHORT, 3).write(dir.resolve(ScoreCohort.FILE));
        ScoreCohort back = ScoreCohort.readIfPresent(dir, 3);
        float[] e = {0.2f, -0.4f, 1f};
        assertEquals(new ScoreCohort(COHORT, 3).stats(e), back.stats(e));
        assertEquals(4, back.size());
        assertEquals(null, ScoreCohort.readIfPresent(dir.resolve("none"), 3));
    }

    @Test
    void refusesMismatchedSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ScoreCohort(new float[][] {{1, 0}, {1, 0, 0}}, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCohort(COHORT, 1).stats(new float[] {1, 0}));
    }
}
