package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.clustering.SpeakerClusterer.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * Links the local speakers of consecutive segmentation windows into chains of one voice. Two windows 2.5 s apart
 * share 7.5 s of audio; the segmentation model follows a voice through its own window, so when local speaker a
 * of one window and b of the next are active on nearly the same shared frames they are the same voice. A single
 * window's clip is short and noisy (and one emotional turn can move it far); the mean embedding of a chain that
 * spans several windows is steadier, so clustering sees each item through its chain's mean.
 *
 * <p>A link needs: intersection over the larger of the two activities (on the shared frames) at least
 * {@code minAgreement}, at least {@link #MIN_SHARED_SECONDS} of shared activity, and the pair is the best for
 * both sides (one-to-one, so a chain never holds two local speakers of one window: those stay cannot-linked).
 */
final class WindowLinks {
    /** Shared activity a link needs: less is too little to tell two voices' turns apart. */
    static final double MIN_SHARED_SECONDS = 0.5;

    private WindowLinks() {
    }

    /** Chain id per item (union-find roots, item indices); items never linked are their own chain. */
    static int[] chains(List<Piece> pieces, int items, double minAgreement) {
        int[] parent = new int[items];
        for (int i = 0; i < items; i++) {
            parent[i] = i;
        }
        int minShared = (int) Math.ceil(MIN_SHARED_SECONDS * FrameGrid.SAMPLE_RATE / FrameGrid.STEP);
        for (int w = 1; w < pieces.size(); w++) {
            Piece p = pieces.get(w - 1);
            Piece q = pieces.get(w);
            long from = Math.max(p.startFrame(), q.startFrame());
            long to = Math.min(p.endFrame(), q.endFrame());
            if (to <= from) {
                continue;
            }
            int sp = p.items().length;
            int sq = q.items().length;
            int[][] inter = new int[sp][sq];
            int[] na = new int[sp];
            int[] nb = new int[sq];
            for (long f = from; f < to; f++) {
                int fp = (int) (f - p.startFrame());
                int fq = (int) (f - q.startFrame());
                for (int b = 0; b < sq; b++) {
                    if (q.active(fq, b)) {
                        nb[b]++;
                    }
                }
                for (int a = 0; a < sp; a++) {
                    if (!p.active(fp, a)) {
                        continue;
                    }
                    na[a]++;
                    for (int b = 0; b < sq; b++) {
                        if (q.active(fq, b)) {
                            inter[a][b]++;
                        }
                    }
                }
            }
            double[][] score = new double[sp][sq];
            for (int a = 0; a < sp; a++) {
                for (int b = 0; b < sq; b++) {
                    boolean embedded = p.items()[a] >= 0 && q.items()[b] >= 0;
                    score[a][b] = embedded && inter[a][b] >= minShared
                            ? inter[a][b] / (double) Math.max(na[a], nb[b]) : 0;
                }
            }
            for (int a = 0; a < sp; a++) {
                int b = argmax(score[a]);
                if (b < 0 || score[a][b] < minAgreement || bestRow(score, b) != a) {
                    continue;
                }
                union(parent, p.items()[a], q.items()[b]);
            }
        }
        int[] root = new int[items];
        for (int i = 0; i < items; i++) {
            root[i] = find(parent, i);
        }
        return root;
    }

    /**
     * The items with each embedding replaced by its chain's speech-weighted mean (unit length); seconds, reliability
     * and window group stay the item's own, so cannot-link and the timeline are unchanged.
     */
    static List<Item> smoothed(List<Piece> pieces, List<Item> items, double minAgreement) {
        int n = items.size();
        if (n == 0) {
            return items;
        }
        int[] chain = chains(pieces, n, minAgreement);
        int d = items.get(0).embedding().length;
        double[][] sum = new double[n][];
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            double[] acc = sum[chain[i]];
            if (acc == null) {
                acc = new double[d];
                sum[chain[i]] = acc;
            }
            double w = Math.max(1e-3, it.seconds());
            for (int j = 0; j < d; j++) {
                acc[j] += w * it.embedding()[j];
            }
        }
        float[][] mean = new float[n][];
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = chain[i];
            if (mean[c] == null) {
                mean[c] = unit(sum[c]);
            }
            Item it = items.get(i);
            out.add(new Item(mean[c], it.seconds(), it.reliable(), it.group()));
        }
        return out;
    }

    /** {@code v} scaled to unit length (zeros stay zeros). */
    static float[] unit(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = n > 0 ? (float) (v[j] / n) : 0f;
        }
        return out;
    }

    private static int argmax(double[] row) {
        int best = -1;
        for (int b = 0; b < row.length; b++) {
            if (row[b] > 0 && (best < 0 || row[b] > row[best])) {
                best = b;
            }
        }
        return best;
    }

    private static int bestRow(double[][] score, int b) {
        int best = -1;
        for (int a = 0; a < score.length; a++) {
            if (score[a][b] > 0 && (best < 0 || score[a][b] > score[best][b])) {
                best = a;
            }
        }
        return best;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
