package io.emotrace.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptimalAssignmentTest {
    @Test
    void matchesExhaustiveSearchOnRandomRectangularMatrices() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            int rows = 1 + rnd.nextInt(6);
            int cols = 1 + rnd.nextInt(6);
            double[][] w = new double[rows][cols];
            for (double[] row : w) {
                for (int j = 0; j < cols; j++) {
                    // many ties and zeros, as co-occurrence matrices have
                    row[j] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(20) * 0.5;
                }
            }
            int[] a = OptimalAssignment.maximize(w);
            Set<Integer> usedCols = new HashSet<>();
            double got = 0;
            int assigned = 0;
            for (int r = 0; r < rows; r++) {
                if (a[r] >= 0) {
                    assertTrue(usedCols.add(a[r]), "column used twice");
                    got += w[r][a[r]];
                    assigned++;
                }
            }
            assertEquals(Math.min(rows, cols), assigned);
            assertEquals(best(w, 0, new boolean[cols]), got, 1e-9, "trial " + trial);
        }
    }

    @Test
    void emptyAndGreedyTrap() {
        assertArrayEquals(new int[0], OptimalAssignment.maximize(new double[0][0]));
        assertArrayEquals(new int[] {-1, -1}, OptimalAssignment.maximize(new double[2][0]));
        assertArrayEquals(new int[] {1, 0}, OptimalAssignment.maximize(new double[][] {{10, 9}, {8, 0}}));
    }

    private static double best(double[][] w, int row, boolean[] used) {
        if (row == w.length) {
            return 0;
        }
        double b = best(w, row + 1, used); // row left out
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                b = Math.max(b, w[row][j] + best(w, row + 1, used));
                used[j] = false;
            }
        }
        return b;
    }
}
