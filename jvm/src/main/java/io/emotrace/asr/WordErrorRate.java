package io.emotrace.asr;

import java.util.List;

/** Word error rate by Levenshtein alignment of normalised word sequences (substitutions, deletions, insertions). */
public record WordErrorRate(int referenceWords, int substitutions, int deletions, int insertions) {
    public int errors() {
        return substitutions + deletions + insertions;
    }

    /** errors / reference words; with an empty reference, 0 for an empty hypothesis and 1 otherwise. */
    public double rate() {
        if (referenceWords == 0) {
            return insertions == 0 ? 0.0 : 1.0;
        }
        return errors() / (double) referenceWords;
    }

    public WordErrorRate plus(WordErrorRate o) {
        return new WordErrorRate(referenceWords + o.referenceWords, substitutions + o.substitutions,
                deletions + o.deletions, insertions + o.insertions);
    }

    public static double of(List<String> reference, List<String> hypothesis) {
        return align(reference, hypothesis).rate();
    }

    public static WordErrorRate align(List<String> ref, List<String> hyp) {
        int n = ref.size();
        int m = hyp.size();
        // cost table with the edit counts that reach each cell, so ties keep a consistent S/D/I split
        int[][] cost = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            cost[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            cost[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int sub = cost[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                cost[i][j] = Math.min(sub, Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1));
            }
        }
        int s = 0;
        int d = 0;
        int ins = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1)) {
                if (!ref.get(i - 1).equals(hyp.get(j - 1))) {
                    s++;
                }
                i--;
                j--;
            } else if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
                d++;
                i--;
            } else {
                ins++;
                j--;
            }
        }
        return new WordErrorRate(n, s, d, ins);
    }
}
