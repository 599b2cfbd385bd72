package io.emotrace.diarization.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Synthetic voices: random unit "speaker" directions in 32-D, items are noisy copies; truth is known. */
class SpeakerClustererTest {
    private static final int DIM = 32;

    private record Synthetic(List<SpeakerClusterer.Item> items, int[] truth) {
    }

    private static float[] unit(SplittableRandom r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) gauss(r);
        }
        return norm(v);
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static float[] norm(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (float) (v[i] / Math.sqrt(n));
        }
        return o;
    }

    /** {@code windows} groups of up to 3 distinct speakers each (a window's local speakers are distinct voices). */
    private static Synthetic synth(int speakers, int windows, double noise, long seed) {
        return sessions(speakers, windows, 0, noise, seed);
    }

    /** Fraction of items whose label is the majority label of their true speaker, and labels distinct per speaker. */
    private static double purity(int[] labels, int[] truth) {
        Map<Integer, Map<Integer, Integer>> votes = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            votes.computeIfAbsent(truth[i], k -> new HashMap<>()).merge(labels[i], 1, Integer::sum);
        }
        int agree = 0;
        for (Map<Integer, Integer> v : votes.values()) {
            agree += v.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return agree / (double) labels.length;
    }

    private final SpeakerClusterer clusterer = new SpeakerClusterer(ClusteringSettings.defaults().withThreshold(0.6));

    @Test
    void findsTheSpeakerCountAndPartition() {
        for (int k = 1; k <= 8; k++) {
            Synthetic s = synth(k, 60, 0.1, k);
            SpeakerClusterer.Result r = clusterer.cluster(s.items(), SpeakerCount.AUTO);
            assertEquals(k, r.speakers(), "speakers for k=" + k);
            assertEquals(1.0, purity(r.labels(), s.truth()), 1e-9, "purity for k=" + k);
        }
    }

    @Test
    void spectralEigengapFindsTheCount() {
        SpeakerClusterer spectral = new SpeakerClusterer(ClusteringSettings.defaults()
                .withMethod(ClusteringSettings.Method.SPECTRAL));
        for (int k = 1; k <= 6; k++) {
            Synthetic s = synth(k, 80, 0.1, 100 + k);
            SpeakerClusterer.Result r = spectral.cluster(s.items(), SpeakerCount.AUTO);
            assertEquals(k, r.speakers(), "speakers for k=" + k);
            assertEquals(1.0, purity(r.labels(), s.truth()), 1e-9, "purity for k=" + k);
        }
        // beyond the dense limit it runs on the stage-1 groups
        Synthetic big = synth(4, 900, 0.1, 77);
        assertEquals(4, spectral.cluster(big.items(), SpeakerCount.AUTO).speakers());
        assertEquals(3, spectral.cluster(big.items(), SpeakerCount.exactly(3)).speakers());
    }

    @Test
    void theSilhouetteRanksTheTruePartitionAboveAMergedOne() {
        Synthetic s = synth(3, 40, 0.1, 5);
        int n = s.items().size();
        double[][] d = new double[n][n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = s.items().get(i).seconds();
            for (int j = 0; j < n; j++) {
                d[i][j] = 1 - AgglomerativeClustering.dot(s.items().get(i).embedding(), s.items().get(j).embedding());
            }
        }
        int[] merged = s.truth().clone();
        for (int i = 0; i < n; i++) {
            merged[i] = Math.min(1, merged[i]); // speakers 1 and 2 as one
        }
        double truth = SpeakerClusterer.silhouette(d, w, s.truth(), 3);
        assertTrue(truth > 0.5, "well-separated voices: " + truth);
        assertTrue(truth > SpeakerClusterer.silhouette(d, w, merged, 2));
    }

    @Test
    void aLooseThresholdsMergeIsUndoneByTheSilhouetteWithinTheBand() {
        Synthetic s = synth(4, 80, 0.1, 7);
        ClusteringSettings loose = ClusteringSettings.defaults().withMethod(ClusteringSettings.Method.AHC)
                .withThreshold(1.05);
        int plain = new SpeakerClusterer(loose).cluster(s.items(), SpeakerCount.AUTO).speakers();
        assertTrue(plain < 4, "the loose threshold merges voices: " + plain);
        SpeakerClusterer.Result r = new SpeakerClusterer(loose.withSilhouetteBand(0.4)).cluster(s.items(), SpeakerCount.AUTO);
        assertEquals(4, r.speakers());
        assertTrue(purity(r.labels(), s.truth()) > 0.98);
        // a count the user fixed is theirs
        assertEquals(plain, new SpeakerClusterer(loose.withSilhouetteBand(0.4))
                .cluster(s.items(), SpeakerCount.exactly(plain)).speakers());
    }

    @Test
    void honoursRequestedCounts() {
        Synthetic s = synth(4, 80, 0.1, 7);
        assertEquals(3, clusterer.cluster(s.items(), SpeakerCount.exactly(3)).speakers());
        assertEquals(6, clusterer.cluster(s.items(), new SpeakerCount(6, 8)).speakers());
        assertEquals(2, clusterer.cluster(s.items(), new SpeakerCount(1, 2)).speakers());
        assertEquals(4, clusterer.cluster(s.items(), new SpeakerCount(2, 6)).speakers());
    }

    @Test
    void singleSpeakerOnLongAudioStaysOneSpeaker() {
        // 3000 embeddings of one voice with a noisier spread: the two-stage path must not split it
        Synthetic s = synth(1, 3000, 0.16, 11);
        SpeakerClusterer two = new SpeakerClusterer(ClusteringSettings.defaults().withMaxDirect(400));
        assertEquals(1, two.cluster(s.items(), SpeakerCount.AUTO).speakers());
    }

    @Test
    void twoStageClusteringMatchesTheTruthOnLongAudio() {
        Synthetic s = synth(5, 2500, 0.1, 13);
        SpeakerClusterer two = new SpeakerClusterer(ClusteringSettings.defaults().withMaxDirect(400));
        SpeakerClusterer.Result r = two.cluster(s.items(), SpeakerCount.AUTO);
        assertEquals(5, r.speakers());
        assertTrue(purity(r.labels(), s.truth()) > 0.99);
    }

    /**
     * {@code windows} groups of up to 3 distinct speakers each (a window's local speakers are distinct voices), each voice
     * moved by its own random offset of size {@code drift} in every stretch of 100 windows (another meeting, room or
     * mood): with drift, one voice spreads in several directions, as on a long recording.
     */
    private static Synthetic sessions(int speakers, int windows, double drift, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centre = new float[speakers][];
        for (int s = 0; s < speakers; s++) {
            centre[s] = unit(r);
        }
        float[][] offset = new float[speakers][DIM];
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            if (drift > 0 && w % 100 == 0) { // none drawn without drift: synth's random stream
                for (int s = 0; s < speakers; s++) {
                    float[] u = unit(r);
                    for (int i = 0; i < DIM; i++) {
                        offset[s][i] = (float) (drift * Math.sqrt(DIM) * u[i]);
                    }
                }
            }
            int local = 1 + r.nextInt(Math.min(3, speakers));
            int first = r.nextInt(speakers);
            for (int l = 0; l < local; l++) {
                int s = (first + l) % speakers;
                float[] v = centre[s].clone();
                for (int i = 0; i < DIM; i++) {
                    v[i] += offset[s][i] / (float) Math.sqrt(DIM) + (float) (noise * gauss(r));
                }
                items.add(new SpeakerClusterer.Item(norm(v), 2 + r.nextDouble() * 6, true, w));
                truth.add(s);
            }
        }
        return new Synthetic(items, truth.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Many noisy voices on the multi-stage path: the staged AHC's clusters mix voices, the spectral partition of a sample
     * into the same count does not (the reference count is given, so only the partition differs).
     */
    @Test
    void theLongPathsSpectralPartitionSeparatesVoicesTheStagedClustersMix() {
        ClusteringSettings staged = ClusteringSettings.defaults().withMaxDirect(400).withLongPartition(0, 0.05);
        double sumBefore = 0;
        double sumAfter = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Synthetic s = sessions(12, 2000, 0.8, 0.18, seed);
            SpeakerClusterer.Result before = new SpeakerClusterer(staged).cluster(s.items(), SpeakerCount.exactly(12));
            SpeakerClusterer.Result after = new SpeakerClusterer(staged.withLongPartition(400, 0.05))
                    .cluster(s.items(), SpeakerCount.exactly(12));
            double pb = purity(before.labels(), s.truth());
            double pa = purity(after.labels(), s.truth());
            assertEquals(12, after.speakers());
            sumBefore += pb;
            sumAfter += pa;
        }
        assertTrue(sumAfter / 4 > 0.97, "spectral partition purity " + sumAfter / 4);
        assertTrue(sumAfter > sumBefore + 0.04, "staged " + sumBefore / 4 + " vs spectral " + sumAfter / 4);
    }

    @Test
    void aStrayShortEmbeddingIsFoldedNotASpeaker() {
        Synthetic s = synth(2, 40, 0.1, 17);
        List<SpeakerClusterer.Item> items = new ArrayList<>(s.items());
        SplittableRandom r = new SplittableRandom(99);
        items.add(new SpeakerClusterer.Item(unit(r), 1.0, true, 1000));
        SpeakerClusterer.Result res = clusterer.cluster(items, SpeakerCount.AUTO);
        assertEquals(2, res.speakers());
        assertEquals(1, res.foldedClusters());
        // without folding it would have been a third speaker
        SpeakerClusterer noFold = new SpeakerClusterer(ClusteringSettings.defaults().withMinClusterSeconds(0));
        assertEquals(3, noFold.cluster(items, SpeakerCount.AUTO).speakers());
    }

    @Test
    void localSpeakersOfOneWindowGoToDifferentClusters() {
        SplittableRandom r = new SplittableRandom(5);
        float[] a = unit(r);
        float[] b = unit(r);
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            items.add(new SpeakerClusterer.Item(a, 5, true, w));
            items.add(new SpeakerClusterer.Item(b, 5, true, w));
        }
        // a window whose two local speakers both look like A: one of them must still go to B
        items.add(new SpeakerClusterer.Item(a, 5, false, 99));
        items.add(new SpeakerClusterer.Item(a, 5, false, 99));
        SpeakerClusterer.Result res = clusterer.cluster(items, SpeakerCount.AUTO);
        assertEquals(2, res.speakers());
        int n = items.size();
        assertNotEquals(res.labels()[n - 1], res.labels()[n - 2]);
    }

    @Test
    void emptyAndUnreliableOnlyInputs() {
        assertEquals(0, clusterer.cluster(List.of(), SpeakerCount.AUTO).speakers());
        SplittableRandom r = new SplittableRandom(3);
        float[] a = unit(r);
        List<SpeakerClusterer.Item> items = List.of(new SpeakerClusterer.Item(a, 0.3, false, 0),
                new SpeakerClusterer.Item(a, 0.4, false, 1));
        SpeakerClusterer.Result res = clusterer.cluster(items, SpeakerCount.AUTO);
        assertEquals(1, res.speakers());
        assertEquals(2, res.labels().length);
    }
    @Test
    void shortClipsShapeClustersWhenShapeSecondsAllows() {
        // a second voice heard only in sub-second clips (flagged unreliable by the evidence) vanishes into the first
        // unless the clusterer's own length rule lets those clips shape clusters
        SplittableRandom r = new SplittableRandom(21);
        float[] a = unit(r);
        float[] b = unit(r);
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            items.add(new SpeakerClusterer.Item(a, 4, true, w));
        }
        for (int w = 6; w < 10; w++) {
            items.add(new SpeakerClusterer.Item(b, 0.8, false, w));
        }
        ClusteringSettings base = ClusteringSettings.defaults().withThreshold(0.6).withMinClusterSeconds(0).withShapeSeconds(-1);
        assertEquals(1, new SpeakerClusterer(base).cluster(items, SpeakerCount.AUTO).speakers());
        assertEquals(2, new SpeakerClusterer(base.withShapeSeconds(0.5)).cluster(items, SpeakerCount.AUTO).speakers());
    }

    @Test
    void foldingLimitScalesDownOnShortRecordings() {
        // 30 s of speech: a distinct voice with 2.4 s is below the 3 s folding limit but above 5 % of the speech
        SplittableRandom r = new SplittableRandom(23);
        float[] a = unit(r);
        float[] b = unit(r);
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            items.add(new SpeakerClusterer.Item(a, 5, true, w));
        }
        items.add(new SpeakerClusterer.Item(b, 1.2, true, 6));
        items.add(new SpeakerClusterer.Item(b, 1.2, true, 7));
        ClusteringSettings base = ClusteringSettings.defaults().withMinClusterShare(1.0);
        assertEquals(1, new SpeakerClusterer(base).cluster(items, SpeakerCount.AUTO).speakers());
        assertEquals(2, new SpeakerClusterer(base.withMinClusterShare(0.05)).cluster(items, SpeakerCount.AUTO)
                .speakers());
        // on a long recording the same share does not lower the limit: 2.4 s of 300 s is still folded
        for (int w = 8; w < 62; w++) {
            items.add(new SpeakerClusterer.Item(a, 5, true, w));
        }
        assertEquals(1, new SpeakerClusterer(base.withMinClusterShare(0.05)).cluster(items, SpeakerCount.AUTO)
                .speakers());
    }

    /** A unit vector at cosine {@code cos} from axis {@code a}, towards axis {@code b}. */
    private static float[] between(int a, int b, double cos) {
        float[] v = new float[DIM];
        v[a] = (float) cos;
        v[b] = (float) Math.sqrt(1 - cos * cos);
        return v;
    }

    @Test
    void clustersNeverHeardTogetherMergeAndVoicesInConversationDoNot() {
        // voice A in two "emotions" (A1, A2: cosine distance 0.7), never in one window; B and C (also 0.7 apart)
        // talk to each other, and B talks to A in both of A's emotions
        float[][] centre = {between(0, 1, 1.0), between(0, 1, 0.3), between(2, 3, 1.0), between(2, 3, 0.3)};
        int[][] windows = {{0, 2}, {1, 2}, {2, 3}};
        SplittableRandom r = new SplittableRandom(5);
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        for (int w = 0; w < 60; w++) {
            for (int s : windows[w % 3]) {
                float[] v = centre[s].clone();
                for (int i = 0; i < DIM; i++) {
                    v[i] += (float) (0.03 * gauss(r));
                }
                items.add(new SpeakerClusterer.Item(norm(v), 4, true, w));
            }
        }
        ClusteringSettings base = ClusteringSettings.defaults().withThreshold(0.6);
        assertEquals(4, new SpeakerClusterer(base).cluster(items, SpeakerCount.AUTO).speakers(), "A split by emotion");
        SpeakerClusterer.Result merged = new SpeakerClusterer(base.withApartMerge(0.8)).cluster(items, SpeakerCount.AUTO);
        assertEquals(3, merged.speakers(), "A's halves merge; B and C, heard together, stay apart");
        int[] l = merged.labels();
        assertEquals(l[0], l[2], "A1 (window 0) and A2 (window 1) are one speaker");
        assertNotEquals(l[4], l[5], "B and C (window 2) are two");
    }

    /** Recordings past maxDirect embeddings cluster with the long-recording threshold, shorter ones with the other. */
    @Test
    void longRecordingsUseTheirOwnThreshold() {
        // two voices at cosine distance 0.7: one speaker at threshold 0.75, two at 0.6
        float[] a = new float[DIM];
        float[] b = new float[DIM];
        a[0] = 1;
        b[0] = 0.3f;
        b[1] = (float) Math.sqrt(1 - 0.09);
        List<SpeakerClusterer.Item> few = new ArrayList<>();
        List<SpeakerClusterer.Item> many = new ArrayList<>();
        for (int w = 0; w < 40; w++) {
            SpeakerClusterer.Item it = new SpeakerClusterer.Item(w % 2 == 0 ? a : b, 4, true, w);
            many.add(it);
            if (w < 8) {
                few.add(it);
            }
        }
        ClusteringSettings s = ClusteringSettings.defaults().withThreshold(0.75).withLongThreshold(0.6).withMaxDirect(10)
                .withCentreShare(0);
        assertEquals(1, new SpeakerClusterer(s).cluster(few, SpeakerCount.AUTO).speakers(), "short: threshold 0.75");
        assertEquals(2, new SpeakerClusterer(s).cluster(many, SpeakerCount.AUTO).speakers(), "long: threshold 0.6");
        assertEquals(1, new SpeakerClusterer(s.withLongThreshold(0)).cluster(many, SpeakerCount.AUTO).speakers(),
                "long without its own threshold: 0.75");
    }

    /** Two close voices plus a few stray clips (overlap, noise): the stray ones must not take a speaker's place. */
    private static Synthetic twoVoicesAndStrays(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = unit(r);
        float[] b = unit(r);
        float[] bClose = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            bClose[i] = 0.45f * a[i] + 0.55f * b[i]; // the two voices are similar (cosine ~0.6)
        }
        bClose = norm(bClose);
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int w = 0; w < 60; w++) {
            int s = w % 2;
            float[] v = (s == 0 ? a : bClose).clone();
            for (int i = 0; i < DIM; i++) {
                v[i] += (float) (0.12 * gauss(r));
            }
            items.add(new SpeakerClusterer.Item(norm(v), 3, true, w));
            truth.add(s);
        }
        for (int k = 0; k < 3; k++) { // strays: far from both voices and from each other
            items.add(new SpeakerClusterer.Item(unit(r), 0.8, true, 100 + k));
            truth.add(k % 2);
        }
        return new Synthetic(items, truth.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void ahcCountWithSpectralPartitionSeparatesTwoCloseVoicesDespiteStrayClips() {
        for (long seed = 1; seed <= 5; seed++) {
            Synthetic s = twoVoicesAndStrays(seed);
            ClusteringSettings base = ClusteringSettings.defaults().withCentreShare(0).withCannotLink(false);
            SpeakerClusterer.Result hybrid = new SpeakerClusterer(base.withMethod(ClusteringSettings.Method.AHC_SPECTRAL))
                    .cluster(s.items(), SpeakerCount.exactly(2));
            assertEquals(2, hybrid.speakers());
            assertTrue(purity(hybrid.labels(), s.truth()) > 0.9, "seed " + seed + ": hybrid purity "
                    + purity(hybrid.labels(), s.truth()));
            SpeakerClusterer.Result auto = new SpeakerClusterer(base.withMethod(ClusteringSettings.Method.AHC_SPECTRAL)
                    .withThreshold(0.5)).cluster(s.items(), SpeakerCount.AUTO);
            assertEquals(2, auto.speakers(), "seed " + seed + ": the count from the AHC cut, strays folded away");
            assertTrue(purity(auto.labels(), s.truth()) > 0.9);
        }
    }

    @Test
    void liveAssignmentKeepsTheUncentredThresholdWhateverTheOfflinePathsUse() {
        ClusteringSettings d = ClusteringSettings.defaults();
        assertEquals(ClusteringSettings.UNCENTRED_THRESHOLD, d.liveSameVoiceDistance());
        assertEquals(ClusteringSettings.UNCENTRED_THRESHOLD, d.withLongThreshold(0.9).withThreshold(0.8)
                .liveSameVoiceDistance(), "offline thresholds of centred clustering do not move it");
        assertEquals(0.7, d.withCentreShare(0).withThreshold(0.7).liveSameVoiceDistance(), "uncentred: the threshold");
    }

    @Test
    void changesMadeToOneDefaultAreCarriedOntoAnother() {
        ClusteringSettings utt = ClusteringSettings.utteranceDefaults();
        ClusteringSettings win = ClusteringSettings.defaults();
        assertEquals(win, utt.changesOnto(utt, win)); // nothing changed: the other default as it is
        ClusteringSettings asked = utt.withThreshold(0.7).withLongThreshold(0);
        assertEquals(win.withThreshold(0.7).withLongThreshold(0), asked.changesOnto(utt, win));
        assertEquals(win.withCentreShare(0.4), utt.withCentreShare(0.4).changesOnto(utt, win));
    }
}
