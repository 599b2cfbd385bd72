package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.scoring.BootstrapInterval;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UaBootstrapTest {
    @Test
    void speakersMoveTogetherAndTheIntervalHoldsTheirSpread() {
        // four speakers, every class twice each: two are always right, one always says class 0, one is right half the time
        List<String> speakers = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        List<Integer> predicted = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < 2; k++) {
                    speakers.add("v" + s);
                    truth.add(c);
                    predicted.add(s < 2 ? c : s == 2 ? 0 : k == 0 ? c : (c + 1) % 4);
                }
            }
        }
        int[] t = truth.stream().mapToInt(Integer::intValue).toArray();
        int[] p = predicted.stream().mapToInt(Integer::intValue).toArray();
        ClassMetrics m = new ClassMetrics(List.of(io.emotrace.domain.Emotion.ANGRY, io.emotrace.domain.Emotion.HAPPY,
                io.emotrace.domain.Emotion.NEUTRAL, io.emotrace.domain.Emotion.SAD));
        for (int i = 0; i < t.length; i++) {
            m.add(m.classes().get(t[i]), m.classes().get(p[i]));
        }
        double[] reps = UaBootstrap.replicates(speakers, t, p, 4, 2000, 11);
        BootstrapInterval ci = BootstrapInterval.of(m.ua(), reps);
        assertTrue(ci.low() < m.ua() && m.ua() < ci.high(), ci.toString());
        assertTrue(ci.low() >= 0.25 && ci.high() <= 1.0, ci.toString());
        assertArrayEquals(reps, UaBootstrap.replicates(speakers, t, p, 4, 2000, 11), "seeded");
        double mean = java.util.Arrays.stream(reps).average().orElseThrow();
        assertEquals(m.ua(), mean, 0.03, "the draws centre on the set's own UA");
    }

    @Test
    void aPerfectCorpusStaysPerfectInEveryDraw() {
        List<String> speakers = List.of("a", "a", "b", "b");
        int[] t = {0, 1, 2, 3};
        double[] reps = UaBootstrap.replicates(speakers, t, t.clone(), 4, 100, 3);
        for (double r : reps) {
            assertEquals(1.0, r, 0);
        }
    }
}
