package io.emotrace.diarization.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnrolmentBenchTest {
    /** A speaker whose utterances lie around axis {@code axis} (noise {@code spread}), {@code n} utterances of 5 s. */
    static EnrolmentBench.Speaker speaker(String id, String corpus, int axis, double spread, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<EnrolmentBench.Utterance> u = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[8];
            v[axis] = 1;
            for (int j = 0; j < v.length; j++) {
                v[j] += spread * (r.nextDouble() - 0.5);
            }
            double[] unit = EnrolmentBench.unit(v);
            for (int j = 0; j < v.length; j++) {
                unit[j] *= 5; // weighted by 5 s
            }
            u.add(new EnrolmentBench.Utterance(unit, 5));
        }
        return new EnrolmentBench.Speaker(id, corpus, u);
    }

    @Test
    void separableVoicesAreIdentifiedAndTheThresholdBoundsFalseAccepts() {
        List<EnrolmentBench.Speaker> s = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            s.add(speaker("c-" + k, "c", k, 0.6, 12, k));
        }
        EnrolmentBench.Trials t = new EnrolmentBench(30, 0).trialsByCorpus(s);
        // 6 utterances enrol (30 s), 6 probe; 3 known + 3 unknown per fold
        assertEquals(6, t.eligibleSpeakers());
        assertEquals(6, t.enrolments());
        assertEquals(2 * 3 * 6, t.knownProbes());
        assertEquals(2 * 3 * 12, t.unknownProbes());
        assertEquals(1.0, t.closedSetAccuracy(), 1e-9);
        double th = t.calibrate(0.02);
        assertTrue(t.falseAccepts(th) <= 0.02);
        assertTrue(th <= -0.99 || t.falseAccepts(th - 0.01) > 0.02, "the lowest such threshold");
        assertTrue(t.accuracy(th) > 0.9, t.figures("x", th));
        assertEquals(0.0, t.falseAccepts(1.01), 1e-9);
        assertEquals(0.0, t.accuracy(1.01), 1e-9);
    }

    @Test
    void aSpeakerWithoutEnoughSpeechIsOnlyEverUnknownAndProbesJoinUtterances() {
        List<EnrolmentBench.Speaker> s = List.of(speaker("a", "c", 0, 0.1, 12, 1), speaker("b", "c", 1, 0.1, 12, 2),
                speaker("short", "c", 2, 0.1, 5, 3));
        EnrolmentBench.Trials t = new EnrolmentBench(30, 10).trialsByCorpus(s);
        assertEquals(2, t.eligibleSpeakers());
        // each fold: one known speaker with 6 test utterances -> 3 probes of 10 s; unknown: 6 (other) + 2 (short)
        assertEquals(2 * 3, t.knownProbes());
        assertEquals(2 * (6 + 2), t.unknownProbes());
    }

    @Test
    void corporaAreScoredApart() {
        List<EnrolmentBench.Speaker> s = List.of(speaker("a", "x", 0, 0.1, 12, 1), speaker("b", "x", 1, 0.1, 12, 2),
                speaker("c", "y", 0, 0.1, 12, 3), speaker("d", "y", 1, 0.1, 12, 4));
        EnrolmentBench.Trials t = new EnrolmentBench(30, 0).trialsByCorpus(s);
        // "c" sounds like "a" but is never compared with a's voiceprint: every known probe finds its own voice
        assertEquals(1.0, t.closedSetAccuracy(), 1e-9);
        assertEquals(4, t.enrolments());
    }
}
