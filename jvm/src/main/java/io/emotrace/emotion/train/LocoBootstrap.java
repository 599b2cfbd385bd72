package io.emotrace.emotion.train;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * LOCO figures resampled by speaker: each replicate draws the held-out corpus's speakers with replacement and pools
 * their clips, so that the clips of one voice (which share its habits) move together. A corpus of 4 to 10 voices gives
 * a wide interval; the mean over held-out corpora draws each corpus's speakers independently.
 */
final class LocoBootstrap {
    /** One seed per corpus name: reruns and other recipes on the same clips share their draws. */
    static long seedOf(String corpus) {
        return 2026L * 31 + corpus.hashCode();
    }

    private LocoBootstrap() {
    }

    /**
     * UA of {@code replicates} speaker draws ({@code truth}/{@code predicted} class indices below {@code classes},
     * one clip each, {@code speakers} naming each clip's voice).
     */
    static double[] replicates(List<String> speakers, int[] truth, int[] predicted, int classes, int replicates,
            long seed) {
        TreeMap<String, int[][]> bySpeaker = new TreeMap<>();
        for (int i = 0; i < truth.length; i++) {
            bySpeaker.computeIfAbsent(speakers.get(i), k -> new int[classes][classes])[truth[i]][predicted[i]]++;
        }
        int[][][] per = bySpeaker.values().toArray(new int[0][][]);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[replicates];
        long[][] sum = new long[classes][classes];
        for (int r = 0; r < replicates; r++) {
            for (long[] row : sum) {
                Arrays.fill(row, 0);
            }
            for (int d = 0; d < per.length; d++) {
                int[][] c = per[rng.nextInt(per.length)];
                for (int t = 0; t < classes; t++) {
                    for (int p = 0; p < classes; p++) {
                        sum[t][p] += c[t][p];
                    }
                }
            }
            out[r] = ua(sum);
        }
        return out;
    }

    /**
     * ECE ({@code bins} equal-width bins, {@link Calibration#ece}) of {@code replicates} speaker draws: each clip's
     * top probability and whether its answer was right.
     */
    static double[] ece(List<String> speakers, double[] confidence, boolean[] right, int bins, int replicates,
            long seed) {
        TreeMap<String, List<Integer>> bySpeaker = new TreeMap<>();
        for (int i = 0; i < confidence.length; i++) {
            bySpeaker.computeIfAbsent(speakers.get(i), k -> new java.util.ArrayList<>()).add(i);
        }
        List<List<Integer>> per = List.copyOf(bySpeaker.values());
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            List<Integer> drawn = new java.util.ArrayList<>();
            for (int d = 0; d < per.size(); d++) {
                drawn.addAll(per.get(rng.nextInt(per.size())));
            }
            double[] c = new double[drawn.size()];
            boolean[] ok = new boolean[drawn.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = confidence[drawn.get(i)];
                ok[i] = right[drawn.get(i)];
            }
            out[r] = Calibration.ece(c, ok, bins);
        }
        return out;
    }

    /** Mean recall over the classes present in the truth, as {@link ClassMetrics#ua()}. */
    static double ua(long[][] confusion) {
        double s = 0;
        int present = 0;
        for (int t = 0; t < confusion.length; t++) {
            long row = Arrays.stream(confusion[t]).sum();
            if (row > 0) {
                s += confusion[t][t] / (double) row;
                present++;
            }
        }
        return present == 0 ? Double.NaN : s / present;
    }
}
