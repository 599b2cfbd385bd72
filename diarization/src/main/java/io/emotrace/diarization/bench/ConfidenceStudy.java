package io.emotrace.diarization.bench;

import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.embedding.AttributionCalibration;
import io.emotrace.diarization.embedding.Plda;
import io.emotrace.diarization.pipeline.AttributionConfidence;
import io.emotrace.diarization.pipeline.Evidence;
import io.emotrace.diarization.pipeline.EvidenceResolver;
import io.emotrace.diarization.pipeline.FrameGrid;
import io.emotrace.diarization.pipeline.Piece;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.scoring.OptimalAssignment;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits and checks the turn confidence ({@link AttributionConfidence}) against references. Right means: the voice's
 * reference speaker (each hypothesis voice mapped one-to-one to the reference speaker it shares most exclusive speech
 * with, as DER maps them) talks in the frame. Only frames with reference speech count: the confidence says whether the
 * named voice is the one speaking, not whether anyone speaks.
 */
public final class ConfidenceStudy {
    /** One assignment: its features, the share of its reference-speech frames that are right, and those seconds. */
    public record Sample(double[] x, double right, double seconds) {
    }

    /** One exclusive turn: its confidence, the share of its reference-speech frames that are right, those seconds. */
    public record TurnSample(double confidence, double right, double seconds) {
    }

    private ConfidenceStudy() {
    }

    /** The assignments of one recording resolved with {@code v}, with what the reference says of each. */
    static List<Sample> samples(BenchFile f, Variant v, Plda plda) {
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(f.evidence(), v.settings(), SpeakerCount.AUTO, plda);
        AttributionConfidence.Assignments a = AttributionConfidence.of(f.evidence(), v.settings(), r);
        Truth truth = new Truth(f, r);
        List<Sample> out = new ArrayList<>();
        add(out, a.primary(), a.primaryLabels(), a.primaryFeatures(), truth);
        if (a.tracks() != null) {
            add(out, a.tracks(), a.trackLabels(), a.trackFeatures(), truth);
        }
        return out;
    }

    /** The exclusive turns of one recording resolved with {@code v} and annotated with {@code cal}. */
    static List<TurnSample> turns(BenchFile f, Variant v, Plda plda, AttributionCalibration cal) {
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(f.evidence(), v.settings(), SpeakerCount.AUTO, plda);
        r = AttributionConfidence.annotate(r, AttributionConfidence.of(f.evidence(), v.settings(), r), cal);
        Truth truth = new Truth(f, r);
        Map<String, Integer> cluster = r.clusterOfSpeaker();
        List<TurnSample> out = new ArrayList<>();
        for (SpeakerTurn t : r.result().exclusive()) {
            if (!t.hasConfidence()) {
                continue;
            }
            long a = FrameGrid.nearestFrame(t.start());
            long b = FrameGrid.nearestFrame(t.end());
            int speech = 0;
            int right = 0;
            for (long g = a; g < b; g++) {
                if (truth.speech(g)) {
                    speech++;
                    right += truth.right(g, cluster.get(t.speaker())) ? 1 : 0;
                }
            }
            if (speech > 0) {
                out.add(new TurnSample(t.confidence(), right / (double) speech, FrameGrid.seconds(speech)));
            }
        }
        return out;
    }

    private static void add(List<Sample> out, Evidence ev, int[] labels, double[][] x, Truth truth) {
        int n = labels.length;
        long[] speech = new long[n];
        long[] right = new long[n];
        for (Piece p : ev.pieces()) {
            for (int s = 0; s < p.items().length; s++) {
                int item = p.items()[s];
                if (item < 0 || item >= n) {
                    continue;
                }
                for (int f = 0; f < p.frames(); f++) {
                    long g = p.startFrame() + f;
                    if (p.active(f, s) && truth.speech(g)) {
                        speech[item]++;
                        right[item] += truth.right(g, labels[item]) ? 1 : 0;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (speech[i] > 0) {
                out.add(new Sample(x[i], right[i] / (double) speech[i], FrameGrid.seconds(speech[i])));
            }
        }
    }

    /** Reference speakers per frame and the hypothesis-to-reference mapping of one resolved recording. */
    private static final class Truth {
        private final long[] who;
        private final int[] refOfCluster;

        Truth(BenchFile f, EvidenceResolver.Resolved r) {
            Map<String, Integer> ids = new LinkedHashMap<>();
            for (RttmTurn t : f.reference()) {
                ids.putIfAbsent(t.speaker(), ids.size());
            }
            if (ids.size() > 63) {
                throw new IllegalArgumentException("more than 63 reference speakers in one recording");
            }
            long frames = Math.max(f.evidence().totalFrames(), FrameGrid.frameAt(f.seconds()) + 1);
            who = new long[(int) frames];
            for (RttmTurn t : f.reference()) {
                int ref = ids.get(t.speaker());
                for (long g = Math.max(0, FrameGrid.frameAt(t.turn().start()));
                        g < Math.min(who.length, FrameGrid.frameAt(t.turn().end())); g++) {
                    who[(int) g] |= 1L << ref;
                }
            }
            int k = r.clustering().speakers();
            double[][] overlap = new double[k][Math.max(1, ids.size())];
            Map<String, Integer> cluster = r.clusterOfSpeaker();
            for (SpeakerTurn t : r.result().exclusive()) {
                int c = cluster.get(t.speaker());
                for (long g = FrameGrid.nearestFrame(t.start()); g < FrameGrid.nearestFrame(t.end()) && g < who.length;
                        g++) {
                    for (int ref = 0; ref < ids.size(); ref++) {
                        overlap[c][ref] += (who[(int) g] >> ref & 1);
                    }
                }
            }
            refOfCluster = ids.isEmpty() ? new int[k] : OptimalAssignment.maximize(overlap);
            if (ids.isEmpty()) {
                java.util.Arrays.fill(refOfCluster, -1);
            }
        }

        boolean speech(long g) {
            return g >= 0 && g < who.length && who[(int) g] != 0;
        }

        boolean right(long g, int cluster) {
            int ref = cluster >= 0 && cluster < refOfCluster.length ? refOfCluster[cluster] : -1;
            return ref >= 0 && (who[(int) g] >> ref & 1) != 0;
        }
    }

    /**
     * Logistic regression of {@code right} on the features, each sample weighted by its seconds (soft targets;
     * Newton's method on standardised features with a small ridge, then mapped back to raw features).
     */
    public static double[] fit(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to fit a calibration on");
        }
        int p = samples.get(0).x().length;
        double[] mean = new double[p];
        double[] sd = new double[p];
        double tw = 0;
        for (Sample s : samples) {
            for (int j = 0; j < p; j++) {
                mean[j] += s.seconds() * s.x()[j];
            }
            tw += s.seconds();
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= tw;
        }
        for (Sample s : samples) {
            for (int j = 0; j < p; j++) {
                sd[j] += s.seconds() * Math.pow(s.x()[j] - mean[j], 2);
            }
        }
        for (int j = 0; j < p; j++) {
            sd[j] = Math.sqrt(sd[j] / tw);
            if (sd[j] < 1e-9) {
                sd[j] = 1; // a constant feature: its weight stays near 0 under the ridge
            }
        }
        int q = p + 1;
        double[] beta = new double[q];
        double ridge = 1e-3 * tw;
        for (int iter = 0; iter < 50; iter++) {
            double[] grad = new double[q];
            double[][] hess = new double[q][q];
            for (Sample s : samples) {
                double[] z = standardised(s.x(), mean, sd);
                double eta = 0;
                for (int j = 0; j < q; j++) {
                    eta += beta[j] * z[j];
                }
                double mu = 1 / (1 + Math.exp(-eta));
                double w = s.seconds();
                for (int j = 0; j < q; j++) {
                    grad[j] += w * (s.right() - mu) * z[j];
                    for (int l = 0; l < q; l++) {
                        hess[j][l] += w * mu * (1 - mu) * z[j] * z[l];
                    }
                }
            }
            for (int j = 1; j < q; j++) {
                grad[j] -= ridge * beta[j];
                hess[j][j] += ridge;
            }
            double[] step = solve(hess, grad);
            double size = 0;
            for (int j = 0; j < q; j++) {
                beta[j] += step[j];
                size = Math.max(size, Math.abs(step[j]));
            }
            if (size < 1e-8) {
                break;
            }
        }
        double[] raw = new double[q];
        raw[0] = beta[0];
        for (int j = 0; j < p; j++) {
            raw[j + 1] = beta[j + 1] / sd[j];
            raw[0] -= beta[j + 1] * mean[j] / sd[j];
        }
        return raw;
    }

    private static double[] standardised(double[] x, double[] mean, double[] sd) {
        double[] z = new double[x.length + 1];
        z[0] = 1;
        for (int j = 0; j < x.length; j++) {
            z[j + 1] = (x[j] - mean[j]) / sd[j];
        }
        return z;
    }

    /** Gaussian elimination with partial pivoting (a few unknowns). */
    private static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        double[] b = b0.clone();
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            if (Math.abs(a[c][c]) < 1e-12) {
                continue;
            }
            for (int r = c + 1; r < n; r++) {
                double m = a[r][c] / a[c][c];
                for (int l = c; l < n; l++) {
                    a[r][l] -= m * a[c][l];
                }
                b[r] -= m * b[c];
            }
        }
        double[] x = new double[n];
        for (int c = n - 1; c >= 0; c--) {
            double s = b[c];
            for (int l = c + 1; l < n; l++) {
                s -= a[c][l] * x[l];
            }
            x[c] = Math.abs(a[c][c]) < 1e-12 ? 0 : s / a[c][c];
        }
        return x;
    }

    /**
     * One line per set: speech-weighted share of right frames, mean confidence, ECE over 15 equal-width bins, and how
     * much speech is given 0.8 or more (and how right it is) and under 0.5.
     */
    public static void report(PrintStream out, String set, List<TurnSample> turns) {
        double w = 0;
        double right = 0;
        double conf = 0;
        double[] bw = new double[15];
        double[] br = new double[15];
        double[] bc = new double[15];
        double hiW = 0;
        double hiR = 0;
        double loW = 0;
        double loR = 0;
        for (TurnSample t : turns) {
            w += t.seconds();
            right += t.seconds() * t.right();
            conf += t.seconds() * t.confidence();
            int b = Math.min(14, (int) (t.confidence() * 15));
            bw[b] += t.seconds();
            br[b] += t.seconds() * t.right();
            bc[b] += t.seconds() * t.confidence();
            if (t.confidence() >= 0.8) {
                hiW += t.seconds();
                hiR += t.seconds() * t.right();
            } else if (t.confidence() < 0.5) {
                loW += t.seconds();
                loR += t.seconds() * t.right();
            }
        }
        double ece = 0;
        for (int b = 0; b < 15; b++) {
            ece += Math.abs(br[b] - bc[b]) / Math.max(w, 1e-9);
        }
        // the least sure fifth of the speech: does the confidence find the wrong turns?
        List<TurnSample> bySure = new ArrayList<>(turns);
        bySure.sort(java.util.Comparator.comparingDouble(TurnSample::confidence));
        double fifthW = 0;
        double fifthR = 0;
        for (TurnSample t : bySure) {
            if (fifthW >= 0.2 * w) {
                break;
            }
            fifthW += t.seconds();
            fifthR += t.seconds() * t.right();
        }
        out.printf(Locale.ROOT, "  %-28s %5d turns %7.1f s: right %5.1f %%, mean confidence %5.1f %%, ECE(15) %.3f; "
                        + ">= 0.8: %4.1f %% of speech, right %5.1f %%; < 0.5: %4.1f %% of speech, right %5.1f %%; "
                        + "least sure fifth right %5.1f %%%n",
                set, turns.size(), w, 100 * right / Math.max(w, 1e-9), 100 * conf / Math.max(w, 1e-9), ece,
                100 * hiW / Math.max(w, 1e-9), 100 * hiR / Math.max(hiW, 1e-9), 100 * loW / Math.max(w, 1e-9),
                100 * loR / Math.max(loW, 1e-9), 100 * fifthR / Math.max(fifthW, 1e-9));
    }
}
