package io.emotrace.diarization.embedding.train;

import io.emotrace.scoring.BootstrapInterval;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How far a held-out EER could move had other speakers of the same corpora been recorded: each replicate draws the
 * set's speakers with replacement and weighs every trial by how often its speakers were drawn (a same-speaker trial
 * by its speaker's draws, a two-speaker trial by the product), so clips of one voice stay together as they are not
 * independent. Held-out corpora of 6 to 70 voices give wide intervals; two networks compared on the same clips use the
 * same draws ({@link #SEED}), so their paired difference is narrower than either interval.
 */
final class TrialBootstrap {
    /** One seed for every interval: two models evaluated on the same clips are compared on the same draws. */
    static final long SEED = 2026;
    private static final int TARGET = 1;
    private static final int LABELLED = 2;
    private static final int SAME_EMOTION = 4;

    /**
     * EER of all pairs, of cross-emotion and same-emotion targets (both against different-speaker pairs of labelled
     * clips, as {@link SpeakerEvaluation}'s lists), and the cross-minus-same gap, each with its interval.
     *
     * @param replicates per replicate: {all, cross, same} EER (NaN where a draw left a list empty); for pairing
     */
    record Figures(int speakers, BootstrapInterval all, BootstrapInterval crossEmotion, BootstrapInterval sameEmotion,
            BootstrapInterval gap, double[][] replicates) {
        /** This set's figures minus {@code baseline}'s, replicate by replicate (the same clips and draws). */
        Figures minus(Figures baseline) {
            if (baseline.replicates.length != replicates.length || baseline.speakers != speakers) {
                throw new IllegalArgumentException("paired figures need the same clips and draws");
            }
            double[][] d = new double[replicates.length][3];
            for (int r = 0; r < d.length; r++) {
                for (int k = 0; k < 3; k++) {
                    d[r][k] = replicates[r][k] - baseline.replicates[r][k];
                }
            }
            return figures(speakers, new double[] {all.estimate() - baseline.all.estimate(),
                    crossEmotion.estimate() - baseline.crossEmotion.estimate(),
                    sameEmotion.estimate() - baseline.sameEmotion.estimate()}, d);
        }
    }

    private final int speakers;
    private final int[] countsOfOnes;
    /** Trials sorted by score: speakers of both clips and the {@link #TARGET} / {@link #LABELLED} bits. */
    private final float[] score;
    private final int[] a;
    private final int[] b;
    private final byte[] kind;

    private TrialBootstrap(List<SpeakerClip> clips, float[][] emb) {
        TreeMap<String, Integer> index = new TreeMap<>();
        clips.forEach(c -> index.putIfAbsent(c.speaker(), 0));
        int next = 0;
        for (var e : index.entrySet()) {
            e.setValue(next++);
        }
        this.speakers = next;
        this.countsOfOnes = new int[next];
        Arrays.fill(countsOfOnes, 1);
        int n = clips.size();
        int pairs = n * (n - 1) / 2;
        long[] keys = new long[pairs];
        float[] s = new float[pairs];
        int[] sa = new int[pairs];
        int[] sb = new int[pairs];
        byte[] k = new byte[pairs];
        int p = 0;
        for (int i = 0; i < n; i++) {
            SpeakerClip x = clips.get(i);
            for (int j = i + 1; j < n; j++) {
                SpeakerClip y = clips.get(j);
                s[p] = (float) SpeakerEvaluation.dot(emb[i], emb[j]);
                sa[p] = index.get(x.speaker());
                sb[p] = index.get(y.speaker());
                boolean labelled = x.emotion() != null && y.emotion() != null;
                k[p] = (byte) ((sa[p] == sb[p] ? TARGET : 0) | (labelled ? LABELLED : 0)
                        | (labelled && x.emotion().equals(y.emotion()) ? SAME_EMOTION : 0));
                keys[p] = ((long) sortable(s[p]) << 32) | p;
                p++;
            }
        }
        Arrays.sort(keys);
        this.score = new float[pairs];
        this.a = new int[pairs];
        this.b = new int[pairs];
        this.kind = new byte[pairs];
        for (int q = 0; q < pairs; q++) {
            int from = (int) keys[q];
            score[q] = s[from];
            a[q] = sa[from];
            b[q] = sb[from];
            kind[q] = k[from];
        }
    }

    /** A float's bits as a signed int that orders like the float (sign flipped for negatives). */
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f == 0f ? 0f : f);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    /** The figures of {@code clips} embedded as {@code emb} (cosine of unit vectors), over {@code replicates} draws. */
    static Figures of(List<SpeakerClip> clips, float[][] emb, int replicates) {
        TrialBootstrap t = new TrialBootstrap(clips, emb);
        double[] estimate = t.eers(t.countsOfOnes);
        SplittableRandom rng = new SplittableRandom(SEED);
        double[][] reps = new double[replicates][];
        int[] counts = new int[t.speakers];
        for (int r = 0; r < replicates; r++) {
            Arrays.fill(counts, 0);
            for (int d = 0; d < t.speakers; d++) {
                counts[rng.nextInt(t.speakers)]++;
            }
            reps[r] = t.eers(counts);
        }
        return figures(t.speakers, estimate, reps);
    }

    private static Figures figures(int speakers, double[] estimate, double[][] reps) {
        double[][] column = new double[4][reps.length];
        for (int r = 0; r < reps.length; r++) {
            for (int k = 0; k < 3; k++) {
                column[k][r] = reps[r][k];
            }
            column[3][r] = reps[r][1] - reps[r][2];
        }
        return new Figures(speakers, BootstrapInterval.of(estimate[0], column[0]),
                BootstrapInterval.of(estimate[1], column[1]), BootstrapInterval.of(estimate[2], column[2]),
                BootstrapInterval.of(estimate[1] - estimate[2], column[3]), reps);
    }

    /**
     * {all, cross, same} EER with trials weighed by the speakers' draw counts, as {@link VerificationMetrics}
     * computes it (miss below the threshold, false alarm at or above it, the crossing interpolated); one sweep over
     * the sorted trials serves the three lists, since a threshold between two of a list's scores leaves its rates as
     * they were.
     */
    double[] eers(int[] counts) {
        double[] wt = new double[3];
        double[] wn = new double[3];
        for (int q = 0; q < score.length; q++) {
            double w = weight(q, counts);
            if (w == 0) {
                continue;
            }
            for (int l = 0; l < 3; l++) {
                int in = member(kind[q], l);
                if (in > 0) {
                    wt[l] += w;
                } else if (in < 0) {
                    wn[l] += w;
                }
            }
        }
        double[] eer = new double[3];
        double[] cumT = new double[3];
        double[] cumN = new double[3];
        double[] prevMiss = new double[3];
        double[] prevFa = {1, 1, 1};
        boolean[] done = new boolean[3];
        int open = 0;
        for (int l = 0; l < 3; l++) {
            if (wt[l] == 0 || wn[l] == 0) {
                eer[l] = Double.NaN;
                done[l] = true;
            } else {
                open++;
            }
        }
        for (int q = 0; q <= score.length && open > 0; q++) {
            if (q == score.length || q == 0 || score[q] != score[q - 1]) {
                for (int l = 0; l < 3; l++) {
                    if (done[l]) {
                        continue;
                    }
                    double miss = cumT[l] / wt[l];
                    double fa = (wn[l] - cumN[l]) / wn[l];
                    if (miss >= fa) {
                        double d0 = prevFa[l] - prevMiss[l];
                        double d1 = fa - miss;
                        double w = d0 - d1 == 0 ? 0 : d0 / (d0 - d1);
                        eer[l] = prevMiss[l] + w * (miss - prevMiss[l]);
                        done[l] = true;
                        open--;
                    }
                    prevMiss[l] = miss;
                    prevFa[l] = fa;
                }
            }
            if (q < score.length) {
                double w = weight(q, counts);
                for (int l = 0; l < 3 && w != 0; l++) {
                    int in = member(kind[q], l);
                    if (in > 0) {
                        cumT[l] += w;
                    } else if (in < 0) {
                        cumN[l] += w;
                    }
                }
            }
        }
        return eer;
    }

    private double weight(int q, int[] counts) {
        return (kind[q] & TARGET) != 0 ? counts[a[q]] : (double) counts[a[q]] * counts[b[q]];
    }

    /** +1 a target of list l (0 all, 1 cross-emotion, 2 same-emotion), -1 a non-target, 0 not in it. */
    private static int member(byte k, int l) {
        boolean target = (k & TARGET) != 0;
        if (l == 0) {
            return target ? 1 : -1;
        }
        if ((k & LABELLED) == 0) {
            return 0;
        }
        if (!target) {
            return -1;
        }
        boolean same = (k & SAME_EMOTION) != 0;
        return (l == 2) == same ? 1 : 0;
    }
}
