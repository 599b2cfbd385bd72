package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.scoring.BootstrapInterval;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocoBootstrapTest {
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
        double[] reps = LocoBootstrap.replicates(speakers, t, p, 4, 2000, 11);
        BootstrapInterval ci = BootstrapInterval.of(m.ua(), reps);
        assertTrue(ci.low() < m.ua() && m.ua() < ci.high(), ci.toString());
        assertTrue(ci.low() >= 0.25 && ci.high() <= 1.0, ci.toString());
        assertArrayEquals(reps, LocoBootstrap.replicates(speakers, t, p, 4, 2000, 11), "seeded");
        double mean = java.util.Arrays.stream(reps).average().orElseThrow();
        assertEquals(m.ua(), mean, 0.03, "the draws centre on the set's own UA");
    }

    @Test
    void eceDrawsKeepEachVoicesClipsTogether() {
        // voice a: sure and right; voice b: sure and wrong. Each draw's ECE is b's share of the drawn clips.
        List<String> speakers = List.of("a", "a", "b", "b");
        double[] conf = {0.95, 0.95, 0.95, 0.95};
        boolean[] right = {true, true, false, false};
        double[] reps = LocoBootstrap.ece(speakers, conf, right, 15, 400, 5);
        for (double r : reps) {
            assertTrue(Math.abs(r - 0.05) < 1e-9 || Math.abs(r - 0.45) < 1e-9 || Math.abs(r - 0.95) < 1e-9,
                    "only whole voices are drawn: " + r);
        }
        assertEquals(Calibration.ece(conf, right, 15), 0.45, 1e-9);
    }

    @Test
    void aPerfectCorpusStaysPerfectInEveryDraw() {
        List<String> speakers = List.of("a", "a", "b", "b");
        int[] t = {0, 1, 2, 3};
        double[] reps = LocoBootstrap.replicates(speakers, t, t.clone(), 4, 100, 3);
        for (double r : reps) {
            assertEquals(1.0, r, 0);
        }
    }
}
