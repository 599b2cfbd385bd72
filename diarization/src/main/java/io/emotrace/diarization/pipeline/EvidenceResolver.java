package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.embedding.Plda;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.SpeakerCountRange;
import io.emotrace.domain.SpeakerTurn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Clusters the evidence's embeddings and rebuilds the timeline; cheap, so it can be rerun with other settings. */
public final class EvidenceResolver {
    private EvidenceResolver() {
    }

    /**
     * The resolved turns and centroids; ids are canonical (S1, S2, ... by first appearance); {@code clusters[i]}: the
     * clustering's label of speaker {@code speakerIds[i]}.
     */
    public record Resolved(DiarizationResult result, List<String> speakerIds, float[][] centroids,
            SpeakerClusterer.Result clustering, int[] clusters) {
        /** The same with other turns (ids unchanged). */
        public Resolved withResult(DiarizationResult r) {
            return new Resolved(r, speakerIds, centroids, clustering, clusters);
        }

        /** The clustering's label of each speaker id. */
        public Map<String, Integer> clusterOfSpeaker() {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (int i = 0; i < speakerIds.size(); i++) {
                m.put(speakerIds.get(i), clusters[i]);
            }
            return m;
        }
    }

    public static Resolved resolve(Evidence ev, DiarizationSettings settings, SpeakerCount count) {
        return resolve(ev, settings, count, null);
    }

    /** @param plda the embedder's PLDA back-end (used when the clustering method is PLDA or VBX), or null */
    public static Resolved resolve(Evidence ev, DiarizationSettings settings, SpeakerCount count, Plda plda) {
        if (settings.segmentationOverlap() && ev.companion() != null) {
            return OverlapFromSegmentation.resolve(ev, settings, count, plda);
        }
        return resolveAlone(ev, settings, count, plda);
    }

    /** The evidence's own items clustered and its timeline built, its companion (if any) not used. */
    static Resolved resolveAlone(Evidence ev, DiarizationSettings settings, SpeakerCount count, Plda plda) {
        return timeline(ev, settings, cluster(ev, settings, count, plda));
    }

    /** The evidence's own items clustered; centroids are those of the raw embeddings (enrolment compares those). */
    static SpeakerClusterer.Result cluster(Evidence ev, DiarizationSettings settings, SpeakerCount count, Plda plda) {
        double link = settings.clustering().linkOverlap();
        List<SpeakerClusterer.Item> items = link > 0 ? WindowLinks.smoothed(ev.pieces(), ev.items(), link) : ev.items();
        return cluster(items, settings.clustering(), count, plda);
    }

    /**
     * {@code items} clustered as {@code c} says: part of their speech-weighted mean removed first when {@code c} centres,
     * centroids those of the raw embeddings (enrolment compares those). The offline resolution, live re-clustering and
     * the live replay all cluster this way.
     */
    public static SpeakerClusterer.Result cluster(List<SpeakerClusterer.Item> items, ClusteringSettings c,
            SpeakerCount count, Plda plda) {
        double centre = c.centreShare();
        SpeakerClusterer.Result cl = new SpeakerClusterer(c, plda).cluster(centre > 0 ? centred(items, centre) : items,
                count);
        if (cl.speakers() > 0) { // every item's raw embedding under its final label, centred or not
            cl = new SpeakerClusterer.Result(cl.labels(), SpeakerClusterer.centroidsOf(items, cl.labels(), cl.speakers()),
                    cl.rawClusters(), cl.foldedClusters());
        }
        return cl;
    }

    /**
     * Cosine distance by which the same/different threshold is moved either way to see how sure the count is; chosen
     * on the tuning recordings so that the range holds most of their true counts (docs/diarization.md, "How sure is
     * the count").
     */
    public static final double COUNT_BAND = 0.10;

    /**
     * How sure the count {@code found} is: the speakers of the same evidence resolved with the threshold
     * {@code band} stricter and looser (a count the caller fixed, a method whose count no threshold decides, or band 0:
     * exactly {@code found}).
     */
    public static SpeakerCountRange countRange(Evidence ev, DiarizationSettings settings, SpeakerCount count, Plda plda,
            int found, double band) {
        ClusteringSettings c = settings.clustering();
        if (band <= 0 || count.min() == count.max() || !c.thresholdDecidesCount() || c.impostorSigmas() > 0
                || ev.items().isEmpty()) {
            return SpeakerCountRange.exactly(found);
        }
        int fewer = resolve(ev, settings.withClustering(c.shifted(band)), count, plda).speakerIds().size();
        int more = resolve(ev, settings.withClustering(c.shifted(-band)), count, plda).speakerIds().size();
        return new SpeakerCountRange(found, Math.min(found, Math.min(fewer, more)), Math.max(found, Math.max(fewer, more)));
    }

    /**
     * The timeline of the evidence with each item's speaker given ({@code cl.labels()}, centroids per label): the
     * clustering's result, or, in the bench, a diagnostic labelling.
     */
    public static Resolved timeline(Evidence ev, DiarizationSettings settings, SpeakerClusterer.Result cl) {
        int k = cl.speakers();
        String[] provisional = new String[k];
        for (int c = 0; c < k; c++) {
            provisional[c] = Integer.toString(c);
        }
        TimelineBuilder tb = new TimelineBuilder(k, settings.forRecording(ev.narrowband()).uniformWeights());
        if (k > 0) {
            for (Piece p : ev.pieces()) {
                int[] labels = new int[p.items().length];
                for (int s = 0; s < labels.length; s++) {
                    labels[s] = p.items()[s] >= 0 ? cl.labels()[p.items()[s]] : -1;
                }
                tb.add(p, labels);
            }
        }
        tb.finish(ev.totalFrames());
        List<SpeakerTurn> over = tb.overlapping(provisional, settings.minGapSeconds());
        List<SpeakerTurn> excl = tb.exclusive(provisional, settings.minGapSeconds());

        return canonical(over, excl, cl.centroids(), cl);
    }

    /**
     * Turns named by cluster index ("0", "1", ...) renamed S1, S2, ... by first appearance, with each speaker's row of
     * {@code centroids}; a cluster that never wins a frame is no speaker.
     */
    static Resolved canonical(List<SpeakerTurn> over, List<SpeakerTurn> excl, float[][] centroids,
            SpeakerClusterer.Result cl) {
        List<SpeakerTurn> all = new ArrayList<>(over);
        all.addAll(excl);
        all.sort(Comparator.comparingDouble(SpeakerTurn::start));
        Map<String, String> ids = new LinkedHashMap<>();
        for (SpeakerTurn t : all) {
            ids.computeIfAbsent(t.speaker(), x -> "S" + (ids.size() + 1));
        }
        float[][] rows = new float[ids.size()][];
        int[] clusters = new int[ids.size()];
        int row = 0;
        for (String prov : ids.keySet()) {
            clusters[row] = Integer.parseInt(prov);
            rows[row] = centroids[clusters[row]];
            row++;
        }
        DiarizationResult result = new DiarizationResult(rename(over, ids), rename(excl, ids));
        return new Resolved(result, List.copyOf(ids.values()), rows, cl, clusters);
    }

    /**
     * The items with {@code share} x the recording's speech-weighted mean embedding subtracted, length-normalised: what
     * every voice of the recording shares (channel, room, language) no longer counts as similarity.
     */
    static List<SpeakerClusterer.Item> centred(List<SpeakerClusterer.Item> items, double share) {
        return items.isEmpty() ? items : centred(items, share, speechSum(items));
    }

    /**
     * {@code items} less {@code share} x the mean of {@code sum} (a {@link #speechSum}, possibly of other items: the
     * window tracks are centred on the utterances' mean), length-normalised.
     */
    static List<SpeakerClusterer.Item> centred(List<SpeakerClusterer.Item> items, double share, double[] sum) {
        int d = sum.length - 1;
        double w = sum[d];
        List<SpeakerClusterer.Item> out = new ArrayList<>(items.size());
        for (SpeakerClusterer.Item it : items) {
            double[] v = new double[d];
            for (int k = 0; k < d; k++) {
                v[k] = it.embedding()[k] - share * sum[k] / Math.max(w, 1e-9);
            }
            out.add(new SpeakerClusterer.Item(WindowLinks.unit(v), it.seconds(), it.reliable(), it.group()));
        }
        return out;
    }

    /** Each embedding dimension summed weighted by seconds, then the total seconds as the last value. */
    static double[] speechSum(List<SpeakerClusterer.Item> items) {
        int d = items.get(0).embedding().length;
        double[] sum = new double[d + 1];
        for (SpeakerClusterer.Item it : items) {
            for (int k = 0; k < d; k++) {
                sum[k] += it.embedding()[k] * it.seconds();
            }
            sum[d] += it.seconds();
        }
        return sum;
    }

    private static List<SpeakerTurn> rename(List<SpeakerTurn> turns, Map<String, String> ids) {
        List<SpeakerTurn> out = new ArrayList<>(turns.size());
        for (SpeakerTurn t : turns) {
            out.add(t.renamed(ids.get(t.speaker())));
        }
        out.sort(Comparator.comparingDouble(SpeakerTurn::start));
        return out;
    }
}
