package io.emotrace.diarization.pipeline;

import static io.emotrace.emotion.embeddings.VectorMath.cosine;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.embedding.AttributionCalibration;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.SpeakerTurn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How sure each turn's voice is. Every embedding that was given a voice is described by a few numbers about that
 * assignment ({@link #FEATURES}); an {@link AttributionCalibration} fitted on the tuning recordings turns them into the
 * probability that the voice is right; a turn's confidence is the mean over its frames of the probabilities of the
 * embeddings that put its voice there (the utterance holding the frame, else the segmentation tracks that do).
 *
 * <p>The features, for an embedding x of voice L among k voices, in the clustering's (centred) space:
 * <ol>
 * <li>cosine to L's centroid without x itself (0 when x is L's only member);</li>
 * <li>cosine to the nearest other voice's centroid (0 when k = 1);</li>
 * <li>log of x's seconds of speech (0.1..30 s);</li>
 * <li>L's share of all clustered speech (a small voice is more often a split-off piece of another);</li>
 * <li>cosine between L's centroid and the nearest other one (how apart L is; 0 when k = 1);</li>
 * <li>1 when k = 1 (nothing to confuse L with, but perhaps voices merged);</li>
 * <li>1 for a segmentation track that was only given a voice, 0 for an embedding that decided the voices.</li>
 * </ol>
 */
public final class AttributionConfidence {
    /** Features per assignment (without the bias). */
    public static final int FEATURES = 7;

    private AttributionConfidence() {
    }

    /**
     * The assignments of one resolved recording: the embeddings that were clustered ({@code primary}) and the
     * segmentation tracks that were only labelled ({@code tracks}, null without them), each with its voice (the
     * clustering's label) and its features.
     */
    public record Assignments(Evidence primary, int[] primaryLabels, double[][] primaryFeatures, Evidence tracks,
            int[] trackLabels, double[][] trackFeatures) {
    }

    /** The assignments behind {@code r}, resolved from {@code ev} with {@code settings}. */
    public static Assignments of(Evidence ev, DiarizationSettings settings, EvidenceResolver.Resolved r) {
        SpeakerClusterer.Result cl = r.clustering();
        Evidence primary = ev;
        Evidence tracks = null;
        if (settings.segmentationOverlap() && ev.companion() != null) {
            tracks = ev.companion();
        }
        int k = cl.speakers();
        // no utterance: the windows alone decided, with their own clustering, which no calibration here describes
        if (k == 0 || ev.items().isEmpty() || cl.labels().length != primary.items().size()) {
            return new Assignments(primary, new int[0], new double[0][], null, new int[0], new double[0][]);
        }
        // the vectors the clustering compared: the recording's mean removed as it removes it (tracks: the utterances' mean)
        double share = settings.clustering().centreShare();
        List<SpeakerClusterer.Item> items = primary.items();
        double[] speech = EvidenceResolver.speechSum(items);
        List<SpeakerClusterer.Item> seen = EvidenceResolver.centred(items, share, speech);
        int d = items.get(0).embedding().length;
        double[][] x = new double[items.size()][];
        double[] w = new double[items.size()];
        double[][] sum = new double[k][d];
        double[] voiceSeconds = new double[k];
        for (int i = 0; i < x.length; i++) {
            x[i] = doubles(seen.get(i).embedding());
            w[i] = Math.max(1e-3, items.get(i).seconds());
            int c = cl.labels()[i];
            voiceSeconds[c] += w[i];
            for (int j = 0; j < d; j++) {
                sum[c][j] += w[i] * x[i][j];
            }
        }
        double total = Arrays.stream(voiceSeconds).sum();
        double[] separation = new double[k];
        for (int c = 0; c < k; c++) {
            double best = k == 1 ? 0 : -1;
            for (int o = 0; o < k; o++) {
                if (o != c) {
                    best = Math.max(best, cosine(sum[c], sum[o]));
                }
            }
            separation[c] = best;
        }
        int[] labels = cl.labels().clone();
        double[][] f = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int c = labels[i];
            double[] own = sum[c].clone();
            for (int j = 0; j < d; j++) {
                own[j] -= w[i] * x[i][j];
            }
            boolean alone = voiceSeconds[c] - w[i] <= 1e-9;
            f[i] = row(alone ? 0 : cosine(x[i], own), nearestOther(x[i], sum, c), items.get(i).seconds(),
                    voiceSeconds[c] / total, separation[c], k, false);
        }
        int[] trackLabels = new int[0];
        double[][] tf = new double[0][];
        if (tracks != null) {
            trackLabels = OverlapFromSegmentation.labelTracks(tracks, cl.centroids());
            List<SpeakerClusterer.Item> seenTracks = EvidenceResolver.centred(tracks.items(), share, speech);
            tf = new double[trackLabels.length][];
            for (int i = 0; i < trackLabels.length; i++) {
                SpeakerClusterer.Item it = tracks.items().get(i);
                double[] t = doubles(seenTracks.get(i).embedding());
                int c = trackLabels[i];
                tf[i] = row(cosine(t, sum[c]), nearestOther(t, sum, c), it.seconds(), voiceSeconds[c] / total,
                        separation[c], k, true);
            }
        }
        return new Assignments(primary, labels, f, tracks, trackLabels, tf);
    }

    /** The turns of {@code r} with their confidence under {@code cal}. */
    public static EvidenceResolver.Resolved annotate(EvidenceResolver.Resolved r, Assignments a,
            AttributionCalibration cal) {
        double[] pp = probabilities(a.primaryFeatures(), cal);
        double[] tp = probabilities(a.trackFeatures(), cal);
        java.util.Map<String, Integer> cluster = r.clusterOfSpeaker();
        Layer primary = new Layer(a.primary(), a.primaryLabels(), pp);
        Layer tracks = a.tracks() == null ? null : new Layer(a.tracks(), a.trackLabels(), tp);
        DiarizationResult res = r.result();
        List<SpeakerTurn> over = annotate(res.overlapping(), cluster, primary, tracks);
        List<SpeakerTurn> excl = annotate(res.exclusive(), cluster, primary, tracks);
        return r.withResult(new DiarizationResult(over, excl, res.centroids(), res.count()));
    }

    /** The calibrated probability of each row of features. */
    public static double[] probabilities(double[][] features, AttributionCalibration cal) {
        double[] p = new double[features.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = cal.probability(features[i]);
        }
        return p;
    }

    private static List<SpeakerTurn> annotate(List<SpeakerTurn> turns, java.util.Map<String, Integer> cluster,
            Layer primary, Layer tracks) {
        List<SpeakerTurn> out = new ArrayList<>(turns.size());
        for (SpeakerTurn t : turns) {
            Integer c = cluster.get(t.speaker());
            double conf = c == null ? Double.NaN : turnConfidence(t, c, primary, tracks);
            out.add(Double.isNaN(conf) ? t : t.withConfidence(Math.max(0, Math.min(1, conf))));
        }
        return out;
    }

    /**
     * Mean over the turn's frames of the probability of the embeddings that put voice {@code c} there: the clustered
     * ones where any does, else the labelled tracks; NaN when none does.
     */
    static double turnConfidence(SpeakerTurn t, int c, Layer primary, Layer tracks) {
        long a = FrameGrid.nearestFrame(t.start());
        long b = Math.max(a, FrameGrid.nearestFrame(t.end()));
        int n = (int) Math.min(b - a, Integer.MAX_VALUE - 8);
        if (n == 0) {
            return Double.NaN;
        }
        double[] ps = new double[n];
        int[] pc = new int[n];
        primary.add(a, n, c, ps, pc);
        double[] ts = new double[n];
        int[] tc = new int[n];
        if (tracks != null) {
            tracks.add(a, n, c, ts, tc);
        }
        double sum = 0;
        int frames = 0;
        for (int f = 0; f < n; f++) {
            if (pc[f] > 0) {
                sum += ps[f] / pc[f];
                frames++;
            } else if (tc[f] > 0) {
                sum += ts[f] / tc[f];
                frames++;
            }
        }
        return frames == 0 ? Double.NaN : sum / frames;
    }

    /** The pieces of one evidence with each item's voice and probability, searchable by frame. */
    static final class Layer {
        private final Evidence ev;
        private final int[] labels;
        private final double[] p;
        private final long[] starts;
        private final long longest;

        Layer(Evidence ev, int[] labels, double[] p) {
            this.ev = ev;
            this.labels = labels;
            this.p = p;
            List<Piece> pieces = ev.pieces();
            starts = new long[pieces.size()];
            long most = 0;
            for (int i = 0; i < starts.length; i++) {
                starts[i] = pieces.get(i).startFrame();
                most = Math.max(most, pieces.get(i).frames());
            }
            longest = most;
            for (int i = 1; i < starts.length; i++) {
                if (starts[i] < starts[i - 1]) {
                    throw new IllegalStateException("evidence pieces out of order");
                }
            }
        }

        /** Adds, for frames a..a+n, the probability of every active item of voice {@code c} and counts them. */
        void add(long a, int n, int c, double[] sum, int[] count) {
            if (labels.length == 0) {
                return;
            }
            int i = lowerBound(starts, a - longest);
            for (; i < starts.length && starts[i] < a + n; i++) {
                Piece piece = ev.pieces().get(i);
                for (int s = 0; s < piece.items().length; s++) {
                    int item = piece.items()[s];
                    if (item < 0 || labels[item] != c) {
                        continue;
                    }
                    long from = Math.max(a, piece.startFrame());
                    long to = Math.min(a + n, piece.endFrame());
                    for (long g = from; g < to; g++) {
                        if (piece.active((int) (g - piece.startFrame()), s)) {
                            sum[(int) (g - a)] += p[item];
                            count[(int) (g - a)]++;
                        }
                    }
                }
            }
        }

        private static int lowerBound(long[] a, long key) {
            int lo = 0;
            int hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private static double[] row(double own, double other, double seconds, double share, double separation, int k,
            boolean track) {
        return new double[] {own, other, Math.log(Math.max(0.1, Math.min(30, seconds))), share, separation,
            k == 1 ? 1 : 0, track ? 1 : 0};
    }

    private static double nearestOther(double[] x, double[][] sum, int c) {
        if (sum.length == 1) {
            return 0;
        }
        double best = -1;
        for (int o = 0; o < sum.length; o++) {
            if (o != c) {
                best = Math.max(best, cosine(x, sum[o]));
            }
        }
        return best;
    }

    private static double[] doubles(float[] e) {
        double[] v = new double[e.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = e[j];
        }
        return v;
    }
}
