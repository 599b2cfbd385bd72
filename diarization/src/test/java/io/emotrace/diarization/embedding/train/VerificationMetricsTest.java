package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerificationMetricsTest {
    @Test
    void separableScoresHaveZeroEerAndZeroCost() {
        VerificationMetrics.Result r = VerificationMetrics.compute(new double[] {0.8, 0.9, 0.7}, new double[] {0.1, 0.2, 0.3, 0.4});
        assertEquals(0.0, r.eer(), 1e-12);
        assertEquals(0.0, r.minDcf(), 1e-12);
        assertEquals(3, r.targets());
        assertEquals(4, r.nonTargets());
    }

    @Test
    void reversedScoresHaveFullEer() {
        VerificationMetrics.Result r = VerificationMetrics.compute(new double[] {0.1, 0.2}, new double[] {0.8, 0.9});
        assertEquals(1.0, r.eer(), 1e-12);
    }

    /**
     * Targets {0.3, 0.6, 0.9}, non-targets {0.1, 0.4, 0.7}. Accepting scores >= 0.4: miss 1/3 (0.3), false alarm
     * 2/3; >= 0.6: miss 1/3, fa 1/3. So EER = 1/3 exactly at threshold 0.6 (interpolation lands on the point).
     */
    @Test
    void interleavedScoresHandComputed() {
        VerificationMetrics.Result r = VerificationMetrics.compute(new double[] {0.3, 0.6, 0.9}, new double[] {0.1, 0.4, 0.7});
        assertEquals(1.0 / 3, r.eer(), 1e-9);
        // minDCF(p=0.01): with threshold above every score, miss 1, fa 0: (0.01 * 1) / 0.01 = 1;
        // at >= 0.9: miss 2/3, fa 0 -> 0.667; nothing cheaper without false alarms (each fa costs 0.99/3/0.01 = 33).
        assertEquals(2.0 / 3, r.minDcf(), 1e-9);
    }

    /** Miss and false-alarm curves cross between two thresholds: EER is interpolated, here exactly 0.5. */
    @Test
    void interpolatesBetweenOperatingPoints() {
        VerificationMetrics.Result r = VerificationMetrics.compute(new double[] {0.2, 0.6}, new double[] {0.4, 0.8});
        // >= 0.4: miss 1/2, fa 1  ; >= 0.6: miss 1/2, fa 1/2 -> crossing at miss = fa = 0.5
        assertEquals(0.5, r.eer(), 1e-9);
    }

    @Test
    void emptyListsGiveNaN() {
        assertEquals(Double.NaN, VerificationMetrics.compute(new double[0], new double[] {1}).eer());
    }
}
