package io.emotrace.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerBootstrapTest {
    private static DerComponents file(double total, double errors) {
        return new DerComponents(total, total, errors / 2, errors / 4, errors / 4);
    }

    @Test
    void theSetsDerIsTimeWeightedAndItsIntervalSpansTheRecordings() {
        List<DerComponents> files = List.of(file(100, 10), file(300, 90), file(50, 5), file(200, 40), file(100, 20));
        BootstrapInterval i = DerBootstrap.der(files, 1);
        assertEquals(165.0 / 750, i.estimate(), 1e-12);
        assertTrue(i.low() < i.estimate() && i.estimate() < i.high(), i.toString());
        assertTrue(i.low() >= 0.1 && i.high() <= 0.3, "within the lightest and heaviest recordings: " + i);
        assertEquals(i, DerBootstrap.der(files, 1), "one seed, one interval");
        assertEquals(BootstrapInterval.REPLICATES, i.replicates());
    }

    @Test
    void aPairedDifferenceCancelsWhatBothShare() {
        List<DerComponents> a = new ArrayList<>();
        List<DerComponents> b = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            double hard = k % 3 == 0 ? 60 : 10; // recordings both systems find hard or easy
            a.add(file(100, hard));
            b.add(file(100, hard + 2));
        }
        BootstrapInterval d = DerBootstrap.difference(a, b, 7);
        assertEquals(-0.02, d.estimate(), 1e-12);
        assertEquals(-0.02, d.low(), 1e-12); // the same 2 s on every recording: no spread at all
        assertEquals(-0.02, d.high(), 1e-12);
        assertTrue(d.excludesZero());
        BootstrapInterval alone = DerBootstrap.der(a, 7);
        assertTrue(alone.high() - alone.low() > 0.1, "each system alone spreads with the hard recordings: " + alone);
        assertFalse(DerBootstrap.difference(a, a, 7).excludesZero());
        assertThrows(IllegalArgumentException.class, () -> DerBootstrap.difference(a, b.subList(0, 9), 7));
    }

    @Test
    void aMeanOverSetsWeighsEachSetAlikeWhateverItsLength() {
        List<DerComponents> longSet = List.of(file(1000, 100), file(1000, 300));
        List<DerComponents> shortSet = List.of(file(10, 5), file(10, 5), file(10, 5));
        BootstrapInterval m = DerBootstrap.meanDifference(List.of(longSet, shortSet), null, 3);
        assertEquals((0.2 + 0.5) / 2, m.estimate(), 1e-12);
        assertTrue(m.low() >= (0.1 + 0.5) / 2 - 1e-12 && m.high() <= (0.3 + 0.5) / 2 + 1e-12, m.toString());
        BootstrapInterval same = DerBootstrap.meanDifference(List.of(longSet, shortSet), List.of(longSet, shortSet), 3);
        assertEquals(0, same.low(), 0);
        assertEquals(0, same.high(), 0);
        assertThrows(IllegalArgumentException.class,
                () -> DerBootstrap.meanDifference(List.of(longSet), List.of(longSet, shortSet), 3));
    }

    @Test
    void percentilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {0, 1, 2, 3, 4};
        assertEquals(0.1, BootstrapInterval.quantile(sorted, 0.025), 1e-12);
        assertEquals(3.9, BootstrapInterval.quantile(sorted, 0.975), 1e-12);
        BootstrapInterval nan = BootstrapInterval.of(1, new double[] {Double.NaN});
        assertEquals(0, nan.replicates());
        assertTrue(Double.isNaN(nan.low()));
    }
}
