package io.emotrace.diarization.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Average-linkage (UPGMA) agglomerative clustering on cosine distance, built with the nearest-neighbour chain
 * algorithm: O(n²) time and one n×n distance matrix, so callers keep n bounded (see {@link SpeakerClusterer}).
 * Items carry weights (seconds of speech), so a merged group counts in proportion to how much speech it holds.
 *
 * <p>The result is the full merge history, which lets the caller cut at a threshold or at a speaker count
 * without clustering again.
 */
public final class AgglomerativeClustering {
    /** One merge: clusters {@code a} and {@code b} (ids of items or earlier merges) joined at {@code distance}. */
    public record Merge(int a, int b, double distance) {
    }

    private AgglomerativeClustering() {
    }

    /**
     * Merges of {@code vectors} (L2-normalised rows) in increasing distance order. Ids below n are items; the
     * merge at index m creates id n + m.
     */
    public static List<Merge> linkage(float[][] vectors, double[] weights) {
        return linkage(vectors, weights, null);
    }

    /** Largest cosine distance: what two voices known to differ start at (see {@code ClusteringSettings}). */
    static final double CANNOT_LINK_DISTANCE = 2.0;

    /**
     * As {@link #linkage(float[][], double[])}; items with the same non-negative {@code groups} value (null: no
     * constraint) are known to be different voices and start {@link #CANNOT_LINK_DISTANCE} apart.
     */
    public static List<Merge> linkage(float[][] vectors, double[] weights, int[] groups) {
        int n = vectors.length;
        List<Merge> merges = new ArrayList<>(Math.max(0, n - 1));
        if (n < 2) {
            return merges;
        }
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = groups != null && groups[i] >= 0 && groups[i] == groups[j] ? CANNOT_LINK_DISTANCE
                        : 1.0 - dot(vectors[i], vectors[j]);
                d[i * n + j] = v;
                d[j * n + i] = v;
            }
        }
        double[] size = weights.clone();
        boolean[] active = new boolean[n];
        Arrays.fill(active, true);
        int[] label = new int[n]; // current cluster id held by slot i
        for (int i = 0; i < n; i++) {
            label[i] = i;
        }
        int[] chain = new int[n];
        int chainLen = 0;
        int remaining = n;
        List<double[]> raw = new ArrayList<>(n - 1); // slot a, slot b, distance; relabelled after sorting
        List<int[]> rawIds = new ArrayList<>(n - 1);
        while (remaining > 1) {
            if (chainLen == 0) {
                for (int i = 0; i < n; i++) {
                    if (active[i]) {
                        chain[chainLen++] = i;
                        break;
                    }
                }
            }
            while (true) {
                int x = chain[chainLen - 1];
                int prev = chainLen > 1 ? chain[chainLen - 2] : -1;
                // the previous chain element wins ties, which guarantees the chain ends in reciprocal neighbours
                int best = prev;
                double bestD = prev >= 0 ? d[x * n + prev] : Double.POSITIVE_INFINITY;
                for (int y = 0; y < n; y++) {
                    if (y != x && active[y] && d[x * n + y] < bestD) {
                        bestD = d[x * n + y];
                        best = y;
                    }
                }
                if (best == prev) {
                    chainLen -= 2;
                    int a = Math.min(x, prev);
                    int b = Math.max(x, prev);
                    rawIds.add(new int[] {label[a], label[b]});
                    raw.add(new double[] {a, b, bestD});
                    double sa = size[a];
                    double sb = size[b];
                    for (int k = 0; k < n; k++) {
                        if (active[k] && k != a && k != b) {
                            double v = (sa * d[a * n + k] + sb * d[b * n + k]) / (sa + sb);
                            d[a * n + k] = v;
                            d[k * n + a] = v;
                        }
                    }
                    active[b] = false;
                    size[a] = sa + sb;
                    label[a] = -(raw.size()); // placeholder: the merge's position, fixed below
                    remaining--;
                    break;
                }
                chain[chainLen++] = best;
            }
        }
        // NN-chain finds merges out of order; sort by distance and renumber (stable for equal distances)
        Integer[] order = new Integer[raw.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(raw.get(p)[2], raw.get(q)[2]));
        int[] newId = new int[raw.size()];
        for (int pos = 0; pos < order.length; pos++) {
            newId[order[pos]] = n + pos;
        }
        for (int pos = 0; pos < order.length; pos++) {
            int[] ids = rawIds.get(order[pos]);
            merges.add(new Merge(resolve(ids[0], newId), resolve(ids[1], newId), raw.get(order[pos])[2]));
        }
        return merges;
    }

    private static int resolve(int id, int[] newId) {
        return id >= 0 ? id : newId[-id - 1];
    }

    /**
     * Flat labels 0..k-1 after applying merges in order while they are closer than {@code threshold}, then
     * forced further (or stopped early) so the count lands in [minClusters, maxClusters].
     */
    public static int[] cut(int n, List<Merge> merges, double threshold, int minClusters, int maxClusters) {
        int applied = 0;
        while (applied < merges.size() && merges.get(applied).distance() < threshold) {
            applied++;
        }
        int clusters = n - applied;
        if (clusters > maxClusters) {
            applied = Math.min(merges.size(), n - maxClusters);
        } else if (clusters < minClusters) {
            applied = Math.max(0, n - minClusters);
        }
        return labels(n, merges, applied);
    }

    /** Labels after the first {@code applied} merges, numbered in order of each cluster's first item. */
    static int[] labels(int n, List<Merge> merges, int applied) {
        int[] parent = new int[n + merges.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int m = 0; m < applied; m++) {
            Merge g = merges.get(m);
            parent[g.a()] = n + m;
            parent[g.b()] = n + m;
        }
        int[] out = new int[n];
        int[] rootLabel = new int[parent.length];
        Arrays.fill(rootLabel, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int r = i;
            while (parent[r] != r) {
                r = parent[r];
            }
            if (rootLabel[r] < 0) {
                rootLabel[r] = next++;
            }
            out[i] = rootLabel[r];
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
