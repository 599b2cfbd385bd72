package io.emotrace.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sets of time on one file as sorted, disjoint, non-empty {@code [start, end)} pairs. */
final class Spans {
    private Spans() {
    }

    /** Union: sorts and merges overlapping or touching spans; drops empty ones. */
    static List<double[]> union(List<double[]> spans) {
        List<double[]> sorted = new ArrayList<>();
        for (double[] s : spans) {
            if (s[1] > s[0]) {
                sorted.add(new double[] {s[0], s[1]});
            }
        }
        sorted.sort(Comparator.comparingDouble(s -> s[0]));
        List<double[]> out = new ArrayList<>();
        for (double[] s : sorted) {
            double[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s[0] <= last[1]) {
                last[1] = Math.max(last[1], s[1]);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** {@code base} minus {@code removed}; both must already be unions. */
    static List<double[]> subtract(List<double[]> base, List<double[]> removed) {
        List<double[]> out = new ArrayList<>();
        int j = 0;
        for (double[] b : base) {
            double cur = b[0];
            while (j < removed.size() && removed.get(j)[1] <= cur) {
                j++;
            }
            int k = j;
            while (k < removed.size() && removed.get(k)[0] < b[1]) {
                double[] r = removed.get(k);
                if (r[0] > cur) {
                    out.add(new double[] {cur, r[0]});
                }
                cur = Math.max(cur, r[1]);
                k++;
            }
            if (cur < b[1]) {
                out.add(new double[] {cur, b[1]});
            }
        }
        return out;
    }

    static double total(List<double[]> spans) {
        double t = 0;
        for (double[] s : spans) {
            t += s[1] - s[0];
        }
        return t;
    }
}
