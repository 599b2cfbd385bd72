package io.emotrace.diarization.online;

import static io.emotrace.emotion.embeddings.VectorMath.cosine;

import io.emotrace.diarization.clustering.AgglomerativeClustering;
import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.pipeline.EvidenceResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Online speaker assignment for a live stream: each finished utterance's embedding goes to the nearest running
 * centroid when it is closer than the same-voice distance, otherwise it opens a new speaker ({@code S1, S2, ...}
 * in order of appearance). Labels given are kept, except by {@link #recluster()}: average-linkage clustering of
 * every utterance so far (duration-weighted, cut at the same distance), mapped back onto the existing labels by
 * largest shared duration, which reports every utterance whose label it changed. Not thread-safe: one per stream.
 */
public final class OnlineSpeakers {
    /**
     * An utterance's label after assignment; {@code created} when it opened a new speaker; {@code features} describe
     * the decision as it was taken ({@link #FEATURES}), for a calibrated confidence.
     */
    public record Assignment(String speaker, boolean created, double distance, double[] features) {
    }

    /**
     * What each {@link Assignment#features()} holds, in order: cosine to the chosen voice's running centroid (0 for a
     * new voice), cosine to the nearest other voice (0 when there is none), log seconds (0.1..30 s), the chosen voice's
     * share of the speech so far (0 for a new voice), log(1 + voices so far), 1 for a new voice, log(1 + utterances
     * so far).
     */
    public static final int FEATURES = 7;

    /** One earlier utterance whose label a re-clustering changed. */
    public record Relabel(int utterance, String from, String to) {
    }

    /** Utterances shorter than this never open a speaker in a live stream (their embedding is too noisy). */
    public static final double LIVE_MIN_NEW_SECONDS = 1.0;
    /** A live stream re-clusters after every this many assigned utterances. */
    public static final int RECLUSTER_EVERY = 6;

    private final double sameVoice;
    private final double minNewSeconds;
    /** How {@link #recluster()} clusters (null: AHC at the same-voice distance on raw embeddings). */
    private final ClusteringSettings reclustering;
    private final List<float[]> vectors = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final Map<String, double[]> sums = new HashMap<>();
    /** Seconds of speech under each label (kept with {@link #sums}). */
    private final Map<String, Double> voiceSeconds = new HashMap<>();
    private final List<String> order = new ArrayList<>();

    /**
     * @param sameVoiceDistance cosine distance below which an utterance joins a speaker
     * @param minNewSeconds     utterances shorter than this never open a new speaker (their embedding is too noisy)
     */
    public OnlineSpeakers(double sameVoiceDistance, double minNewSeconds) {
        this(sameVoiceDistance, minNewSeconds, null);
    }

    /**
     * @param reclustering how {@link #recluster()} clusters every utterance so far: as the offline diarizer clusters
     *                     its utterances (centring, threshold, folding); null: average linkage at the same-voice
     *                     distance on the utterances of at least {@code minNewSeconds}
     */
    public OnlineSpeakers(double sameVoiceDistance, double minNewSeconds, ClusteringSettings reclustering) {
        this.sameVoice = sameVoiceDistance;
        this.minNewSeconds = minNewSeconds;
        this.reclustering = reclustering;
    }

    /** Assigns utterance number {@link #size()} (its L2-normalised embedding and its length). */
    public Assignment assign(float[] embedding, double durationSeconds) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        double secondDistance = Double.MAX_VALUE;
        for (String s : order) {
            double[] sum = sums.get(s);
            if (sum == null) {
                continue; // merged away by a re-clustering: the label is not reused, nothing joins it
            }
            double d = 1 - cosine(embedding, sum);
            if (d < bestDistance) {
                secondDistance = bestDistance;
                bestDistance = d;
                best = s;
            } else if (d < secondDistance) {
                secondDistance = d;
            }
        }
        boolean create = best == null || bestDistance >= sameVoice && durationSeconds >= minNewSeconds;
        String label = create ? "S" + (order.size() + 1) : best;
        double total = 0;
        for (double v : voiceSeconds.values()) {
            total += v;
        }
        double[] features = {
            create ? 0 : 1 - bestDistance,
            create ? (best == null ? 0 : 1 - bestDistance) : (secondDistance == Double.MAX_VALUE ? 0 : 1 - secondDistance),
            Math.log(Math.max(0.1, Math.min(30, durationSeconds))),
            create || total <= 0 ? 0 : voiceSeconds.getOrDefault(best, 0.0) / total,
            Math.log1p(sums.size()),
            create ? 1 : 0,
            Math.log1p(labels.size())};
        if (create) {
            order.add(label);
        }
        vectors.add(embedding.clone());
        seconds.add(durationSeconds);
        labels.add(label);
        add(label, embedding, durationSeconds);
        return new Assignment(label, create, best == null ? Double.NaN : bestDistance, features);
    }

    /**
     * Names how {@link #live(double)} assigns (what a live calibration is fitted for): the same-voice distance, the
     * shortest utterance that opens a voice, the plain re-clustering and its cadence.
     */
    public static String liveSettings(double sameVoiceDistance) {
        return String.format(java.util.Locale.ROOT, "online: same-voice distance %.4f, new voice from %.2f s, plain "
                + "re-clustering every %d utterances, features %d", sameVoiceDistance, LIVE_MIN_NEW_SECONDS,
                RECLUSTER_EVERY, FEATURES);
    }

    /** A live stream's assignment at {@code sameVoiceDistance} (the live minimum for opening a speaker). */
    public static OnlineSpeakers live(double sameVoiceDistance) {
        return new OnlineSpeakers(sameVoiceDistance, LIVE_MIN_NEW_SECONDS);
    }

    /** A live stream's assignment whose re-clustering clusters as {@code reclustering} (null: the plain one). */
    public static OnlineSpeakers live(double sameVoiceDistance, ClusteringSettings reclustering) {
        return new OnlineSpeakers(sameVoiceDistance, LIVE_MIN_NEW_SECONDS, reclustering);
    }

    /** Whether a live stream re-clusters now ({@link #RECLUSTER_EVERY} utterances since the last time). */
    public boolean reclusterDue() {
        return !labels.isEmpty() && labels.size() % RECLUSTER_EVERY == 0;
    }

    public int size() {
        return labels.size();
    }

    public String label(int utterance) {
        return labels.get(utterance);
    }

    /** Speakers with at least one utterance now, in order of appearance. */
    public List<String> speakers() {
        java.util.Set<String> inUse = new java.util.HashSet<>(labels);
        return order.stream().filter(inUse::contains).toList();
    }

    /**
     * Clusters every utterance again and keeps the result: clusters take the existing label they share the most
     * speech with (largest clusters first, each label once); a cluster with none gets a new label. Returns the
     * utterances whose label changed, in order.
     */
    public List<Relabel> recluster() {
        int n = vectors.size();
        int[] cluster = reclustering != null ? offlineClusters() : averageLinkage();
        if (cluster == null) {
            return List.of();
        }
        int k = 0;
        for (int c : cluster) {
            k = Math.max(k, c + 1);
        }
        double[] size = new double[k];
        List<Map<String, Double>> overlap = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            overlap.add(new HashMap<>());
        }
        for (int i = 0; i < n; i++) {
            size[cluster[i]] += seconds.get(i);
            overlap.get(cluster[i]).merge(labels.get(i), seconds.get(i), Double::sum);
        }
        Integer[] bySize = new Integer[k];
        for (int c = 0; c < k; c++) {
            bySize[c] = c;
        }
        java.util.Arrays.sort(bySize, (a, b) -> Double.compare(size[b], size[a]));
        String[] name = new String[k];
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int c : bySize) {
            String best = null;
            double most = 0;
            for (Map.Entry<String, Double> e : overlap.get(c).entrySet()) {
                if (!used.contains(e.getKey()) && (e.getValue() > most
                        || e.getValue() == most && best != null && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    most = e.getValue();
                }
            }
            if (best == null) {
                best = "S" + (order.size() + 1);
                order.add(best);
            }
            used.add(best);
            name[c] = best;
        }
        List<Relabel> changed = new ArrayList<>();
        sums.clear();
        voiceSeconds.clear();
        for (int i = 0; i < n; i++) {
            String to = name[cluster[i]];
            if (!to.equals(labels.get(i))) {
                changed.add(new Relabel(i, labels.get(i), to));
                labels.set(i, to);
            }
            add(to, vectors.get(i), seconds.get(i));
        }
        return changed;
    }

    /** Clusters of every utterance: AHC on the long ones, the short ones to the nearest (null: too few). */
    private int[] averageLinkage() {
        int n = vectors.size();
        // utterances too short to open a speaker online are too short to form a cluster: they follow the nearest
        List<Integer> longOnes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (seconds.get(i) >= minNewSeconds) {
                longOnes.add(i);
            }
        }
        if (longOnes.size() < 3) {
            return null;
        }
        float[][] v = new float[longOnes.size()][];
        double[] w = new double[longOnes.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = vectors.get(longOnes.get(j));
            w[j] = seconds.get(longOnes.get(j));
        }
        int[] longCluster = AgglomerativeClustering.cut(v.length, AgglomerativeClustering.linkage(v, w), sameVoice, 1,
                v.length);
        int k = 0;
        for (int c : longCluster) {
            k = Math.max(k, c + 1);
        }
        double[][] centroid = new double[k][vectors.get(0).length];
        for (int j = 0; j < v.length; j++) {
            for (int d = 0; d < v[j].length; d++) {
                centroid[longCluster[j]][d] += w[j] * v[j][d];
            }
        }
        int[] cluster = new int[n];
        for (int j = 0; j < v.length; j++) {
            cluster[longOnes.get(j)] = longCluster[j];
        }
        for (int i = 0; i < n; i++) {
            if (seconds.get(i) < minNewSeconds) {
                int best = 0;
                double bestSim = -2;
                for (int c = 0; c < k; c++) {
                    double sim = cosine(vectors.get(i), centroid[c]);
                    if (sim > bestSim) {
                        bestSim = sim;
                        best = c;
                    }
                }
                cluster[i] = best;
            }
        }
        return cluster;
    }

    /** Clusters of every utterance as the offline diarizer clusters utterances (null: too few to cluster). */
    private int[] offlineClusters() {
        int n = vectors.size();
        if (n < 3) {
            return null;
        }
        List<SpeakerClusterer.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(new SpeakerClusterer.Item(vectors.get(i), seconds.get(i),
                    seconds.get(i) >= reclustering.shapeSeconds(), i));
        }
        SpeakerClusterer.Result r = EvidenceResolver.cluster(items, reclustering, SpeakerCount.AUTO, null);
        return r.speakers() == 0 ? null : r.labels();
    }

    private void add(String label, float[] e, double weight) {
        voiceSeconds.merge(label, weight, Double::sum);
        double[] s = sums.computeIfAbsent(label, x -> new double[e.length]);
        for (int i = 0; i < e.length; i++) {
            s[i] += weight * e[i];
        }
    }
}
