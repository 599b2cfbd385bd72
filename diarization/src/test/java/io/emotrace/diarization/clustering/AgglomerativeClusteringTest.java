package io.emotrace.diarization.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgglomerativeClusteringTest {
    private static float[] angle(double deg) {
        double r = Math.toRadians(deg);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }

    @Test
    void weightedAverageLinkageMatchesHandComputation() {
        float[][] v = {angle(0), angle(10), angle(90)};
        List<AgglomerativeClustering.Merge> m = AgglomerativeClustering.linkage(v, new double[] {1, 3, 1});
        assertEquals(2, m.size());
        assertEquals(0, m.get(0).a());
        assertEquals(1, m.get(0).b());
        assertEquals(1 - Math.cos(Math.toRadians(10)), m.get(0).distance(), 1e-6);
        // the {0,1} group's distance to item 2 is the weight-averaged member distance: (1·1 + 3·(1 − cos 80°)) / 4
        double expected = (1.0 * 1.0 + 3.0 * (1 - Math.cos(Math.toRadians(80)))) / 4;
        assertEquals(expected, m.get(1).distance(), 1e-6);
        assertEquals(3, Math.max(m.get(1).a(), m.get(1).b())); // the second merge joins merge #0 (id n + 0 = 3)
    }

    @Test
    void cannotLinkKeepsTwoVoicesOfOneWindowApart() {
        // two similar voices (20° apart) seen together in window 7, each also seen alone in other windows
        float[][] v = {angle(0), angle(20), angle(2), angle(18)};
        double[] w = {1, 1, 1, 1};
        int[] groups = {7, 7, 8, 9};
        double t = 0.5;
        assertArrayEquals(new int[] {0, 0, 0, 0},
                AgglomerativeClustering.cut(4, AgglomerativeClustering.linkage(v, w), t, 1, 4));
        // with the constraint the pairs {0,2} and {1,3} form first; joining them averages in the 2.0 pair:
        // (2.0 + 3 small distances) / 4 > 0.5
        assertArrayEquals(new int[] {0, 1, 0, 1},
                AgglomerativeClustering.cut(4, AgglomerativeClustering.linkage(v, w, groups), t, 1, 4));
        // a negative group is no constraint
        assertArrayEquals(new int[] {0, 0, 0, 0}, AgglomerativeClustering.cut(4,
                AgglomerativeClustering.linkage(v, w, new int[] {-1, -1, 8, 9}), t, 1, 4));
    }

    @Test
    void cutHonoursThresholdAndCountLimits() {
        float[][] v = {angle(0), angle(5), angle(90), angle(95), angle(180)};
        List<AgglomerativeClustering.Merge> m = AgglomerativeClustering.linkage(v, new double[] {1, 1, 1, 1, 1});
        assertArrayEquals(new int[] {0, 0, 1, 1, 2}, AgglomerativeClustering.cut(5, m, 0.1, 1, 10));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, AgglomerativeClustering.cut(5, m, 0.1, 5, 10));
        assertEquals(2, max(AgglomerativeClustering.cut(5, m, 0.1, 1, 2)) + 1);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0}, AgglomerativeClustering.cut(5, m, 0.1, 1, 1));
        assertArrayEquals(new int[] {0}, AgglomerativeClustering.cut(1, AgglomerativeClustering.linkage(
                new float[][] {angle(3)}, new double[] {1}), 0.5, 1, 1));
    }

    private static int max(int[] a) {
        int m = 0;
        for (int x : a) {
            m = Math.max(m, x);
        }
        return m;
    }
}
