package io.emotrace.scoring;

import java.util.Arrays;

/**
 * Maximum-weight one-to-one assignment between rows and columns (Hungarian method with potentials, O(n^3)).
 * Hand-written because commons-math3 (the usual Java maths library) has no assignment solver; it is
 * cross-checked against exhaustive search in the tests.
 */
public final class OptimalAssignment {
    private OptimalAssignment() {
    }

    /**
     * @param weight rows x columns, any finite values (rectangular allowed)
     * @return for each row the assigned column, or -1 when there are more rows than columns and the row is left out.
     *     Pairs are only reported when the matrix has them; a pair with weight 0 may still be returned.
     */
    public static int[] maximize(double[][] weight) {
        int rows = weight.length;
        int cols = rows == 0 ? 0 : weight[0].length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0 || cols == 0) {
            return result;
        }
        int n = Math.max(rows, cols);
        // square cost matrix, 1-based as in the classic potentials formulation; padding costs 0
        double[][] cost = new double[n + 1][n + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                cost[i + 1][j + 1] = -weight[i][j];
            }
        }
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] match = new int[n + 1]; // match[column] = row
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            match[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = match[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = cost[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[match[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (match[j0] != 0);
            do {
                int j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= n; j++) {
            int i = match[j];
            if (i >= 1 && i <= rows && j <= cols) {
                result[i - 1] = j - 1;
            }
        }
        return result;
    }
}
