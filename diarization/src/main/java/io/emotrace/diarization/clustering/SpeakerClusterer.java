package io.emotrace.diarization.clustering;

import io.emotrace.diarization.embedding.Plda;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Global speaker clustering of local-speaker embeddings: average-linkage AHC with a distance threshold (or the
 * requested count), small clusters folded into their nearest neighbour, then centroid reassignment where the
 * local speakers of one window must go to different clusters (they are different voices by construction).
 *
 * <p>Memory stays bounded on long audio: at most {@code maxDirect} embeddings enter one AHC; beyond that they
 * are first grouped in consecutive blocks with a tight threshold and the block groups' centroids are clustered
 * (two-stage clustering). Nothing here is frames × frames.
 */
public final class SpeakerClusterer {
    /**
     * One embedding to cluster. {@code reliable} ones (enough clean speech) shape the clusters; the others are
     * only assigned. {@code group} ties the local speakers of one window together.
     */
    public record Item(float[] embedding, double seconds, boolean reliable, int group) {
    }

    /** Labels per item (0..k-1, every item gets one when k > 0), L2-normalised centroids per label. */
    public record Result(int[] labels, float[][] centroids, int rawClusters, int foldedClusters) {
        public int speakers() {
            return centroids.length;
        }
    }

    /** Spectral clustering's dense eigendecomposition is O(n³): larger sets are reduced by stage-1 AHC first. */
    public static final int SPECTRAL_MAX = 400;

    private final ClusteringSettings settings;
    private final Plda plda;

    public SpeakerClusterer(ClusteringSettings settings) {
        this(settings, null);
    }

    /** @param plda the embedder's PLDA model, used by the PLDA and VBX methods (null: cosine AHC) */
    public SpeakerClusterer(ClusteringSettings settings, Plda plda) {
        this.settings = settings;
        this.plda = plda;
    }

    /** True when this clusterer decides the speaker count by PLDA log-likelihood ratios. */
    public boolean usesPlda() {
        return plda != null && settings.method() == ClusteringSettings.Method.PLDA;
    }

    /** True when AHC's partition is the start of VBx under the embedder's PLDA model. */
    public boolean usesVbx() {
        return plda != null && settings.method() == ClusteringSettings.Method.VBX;
    }

    /**
     * VBx from the AHC partition; the AHC labels stay when the speakers VBx keeps are outside the count the caller
     * allows (a given count is the user's to decide).
     */
    private int[] vbx(float[][] vec, int[] init, SpeakerCount count) {
        double[][] u = new double[vec.length][];
        for (int i = 0; i < vec.length; i++) {
            u[i] = plda.project(vec[i]);
        }
        int[] labels = VbxClustering.cluster(u, plda.psi(), init, settings.vbxFa(), settings.vbxFb(),
                VbxClustering.START_SMOOTHING, VbxClustering.MAX_ITERATIONS);
        int k = max(labels) + 1;
        return k >= Math.min(count.min(), vec.length) && k <= count.max() ? labels : init;
    }

    public ClusteringSettings settings() {
        return settings;
    }

    public Result cluster(List<Item> items, SpeakerCount count) {
        if (settings.impostorSigmas() > 0) { // this recording's own threshold, then the fixed-threshold path
            ImpostorCalibration.Calibrated c = ImpostorCalibration.threshold(items, settings);
            return new SpeakerClusterer(settings.withThreshold(c.distance()).withImpostorSigmas(0), plda).cluster(items, count);
        }
        int n = items.size();
        if (n == 0) {
            return new Result(new int[0], new float[0][], 0, 0);
        }
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            if (settings.shapeSeconds() >= 0 ? it.seconds() >= settings.shapeSeconds() : it.reliable()) {
                train.add(i);
            }
        }
        if (train.isEmpty()) { // a short recording: better some evidence than none
            for (int i = 0; i < n; i++) {
                train.add(i);
            }
        }
        float[][] vec = new float[train.size()][];
        double[] w = new double[train.size()];
        for (int i = 0; i < vec.length; i++) {
            Item it = items.get(train.get(i));
            vec[i] = it.embedding();
            w[i] = Math.max(1e-3, it.seconds());
        }
        if (vec.length > directLimit() && settings.longThreshold() > 0) {
            // the multi-stage path has its own threshold (the sweep that set the other never reaches it)
            return new SpeakerClusterer(settings.withThreshold(settings.longThreshold()).withLongThreshold(0), plda)
                    .cluster(items, count);
        }
        int[] groups = new int[vec.length];
        for (int i = 0; i < vec.length; i++) {
            groups[i] = items.get(train.get(i)).group();
        }
        int[] trainLabels = ahc(vec, w, settings.cannotLink() ? groups : null, count, true);
        if (usesVbx() && vec.length <= settings.maxDirect()) { // the one-pass path only: not on block centroids
            trainLabels = vbx(vec, trainLabels, count);
        }
        int k = max(trainLabels) + 1;
        int raw = k;
        if (vec.length > directLimit()) {
            trainLabels = mergeCloseCentroids(vec, w, trainLabels, count);
            k = max(trainLabels) + 1;
        }
        if (settings.apartMerge() > 0 && windowsHoldSeveral(groups)) { // VAD pieces hold one voice: nothing is "apart"
            trainLabels = mergeApart(vec, w, trainLabels, groups, count);
            k = max(trainLabels) + 1;
        }
        float[][] centroids = centroids(vec, w, trainLabels, k);
        double[] mass = mass(w, trainLabels, k);

        int folded = 0;
        double foldBelow = Math.min(settings.minClusterSeconds(),
                settings.minClusterShare() * Arrays.stream(w).sum());
        while (k > count.min()) {
            int small = -1;
            double largest = Arrays.stream(mass).max().orElse(0);
            for (int c = 0; c < k; c++) {
                if (mass[c] < foldBelow && mass[c] < 0.2 * largest
                        && (small < 0 || mass[c] < mass[small])) {
                    small = c;
                }
            }
            if (small < 0) {
                break;
            }
            int target = nearest(centroids, centroids[small], small);
            for (int i = 0; i < trainLabels.length; i++) {
                if (trainLabels[i] == small) {
                    trainLabels[i] = target;
                }
            }
            trainLabels = compact(trainLabels);
            k = max(trainLabels) + 1;
            centroids = centroids(vec, w, trainLabels, k);
            mass = mass(w, trainLabels, k);
            folded++;
        }

        if (vec.length > directLimit() && settings.longSample() > 0 && k > 1) {
            int[] partition = longPartition(vec, w, k);
            if (partition != null) {
                trainLabels = partition;
                centroids = centroids(vec, w, trainLabels, k);
            }
        }
        if (settings.method() == ClusteringSettings.Method.AHC_SPECTRAL && k > 1 && vec.length > 2
                && vec.length <= SPECTRAL_MAX) {
            // the count AHC and folding settled on; the partition into that many from the spectral embedding (kept
            // only when it is that many: AHC's own labels otherwise)
            int[] spectral = compact(SpectralClustering.cluster(vec, settings.spectralKeep(), k, k));
            if (max(spectral) + 1 == k) {
                trainLabels = spectral;
                centroids = centroids(vec, w, trainLabels, k);
            }
        }
        int[] labels = assign(items, centroids);
        for (int it = 0; it < settings.refineIterations(); it++) {
            int[] tl = new int[train.size()];
            for (int i = 0; i < tl.length; i++) {
                tl[i] = labels[train.get(i)];
            }
            int[] kept = compactWithMin(tl, k, count.min());
            int k2 = max(kept) + 1;
            float[][] c2 = centroids(vec, w, kept, k2);
            int[] next = assign(items, c2);
            boolean same = Arrays.equals(next, labels) && k2 == k;
            labels = next;
            centroids = c2;
            k = k2;
            if (same) {
                break;
            }
        }
        // only speakers that kept some item are reported
        int[] used = new int[k];
        for (int l : labels) {
            used[l]++;
        }
        int[] remap = new int[k];
        List<float[]> finalCentroids = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            remap[c] = used[c] > 0 ? finalCentroids.size() : -1;
            if (used[c] > 0) {
                finalCentroids.add(centroids[c]);
            }
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = remap[labels[i]];
        }
        return new Result(labels, finalCentroids.toArray(new float[0][]), raw, folded);
    }

    /**
     * Long recordings: the voices of the count {@code k} the staged AHC settled on, as the spectral partition of
     * {@link ClusteringSettings#longSample()} embeddings taken evenly over the recording (every embedding then goes to
     * the nearest of its centroids). The staged AHC's clusters mix voices (block representatives merge by average
     * linkage, and the many small clusters left beside two or three giant ones are what the reassignment passes start
     * from); its count is kept. Null when the partition does not hold {@code k} voices.
     */
    private int[] longPartition(float[][] vec, double[] w, int k) {
        EvenSample s = EvenSample.of(vec, w, Math.min(vec.length, settings.longSample()));
        int[] sl = compact(SpectralClustering.cluster(s.vec(), settings.longKeep(), k, k));
        if (max(sl) + 1 != k) {
            return null;
        }
        int[] labels = nearestOf(centroids(s.vec(), s.w(), sl, k), vec);
        return max(labels) + 1 == k ? labels : null;
    }

    /** {@code m} embeddings (and weights) taken evenly over the recording: what a long path clusters in one pass. */
    private record EvenSample(float[][] vec, double[] w) {
        static EvenSample of(float[][] vec, double[] w, int m) {
            float[][] sv = new float[m][];
            double[] sw = new double[m];
            for (int i = 0; i < m; i++) {
                int j = (int) ((long) i * vec.length / m);
                sv[i] = vec[j];
                sw[i] = w[j];
            }
            return new EvenSample(sv, sw);
        }
    }

    /** Every vector's nearest centroid, labels compacted. */
    private static int[] nearestOf(float[][] centroids, float[][] vec) {
        int[] out = new int[vec.length];
        for (int i = 0; i < vec.length; i++) {
            out[i] = nearest(centroids, vec[i], -1);
        }
        return compact(out);
    }

    private int directLimit() {
        return settings.method() == ClusteringSettings.Method.SPECTRAL ? SPECTRAL_MAX : settings.maxDirect();
    }

    /**
     * Long audio (the multi-stage path): clusters are built from block representatives, so one voice heard in
     * different parts of the recording (other rooms, levels, noise) can end up as several clusters whose
     * centroids are nonetheless close. Centroid linkage merges the closest pair while its cosine distance is
     * under the clustering threshold (or while there are more clusters than allowed).
     */
    private int[] mergeCloseCentroids(float[][] vec, double[] w, int[] labels, SpeakerCount count) {
        int[] l = labels.clone();
        while (true) {
            int k = max(l) + 1;
            if (k <= Math.max(1, count.min())) {
                return l;
            }
            float[][] c = centroids(vec, w, l, k);
            int ba = -1;
            int bb = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    double d = 1 - AgglomerativeClustering.dot(c[a], c[b]);
                    if (d < best) {
                        best = d;
                        ba = a;
                        bb = b;
                    }
                }
            }
            if (best >= settings.threshold() && k <= count.max()) {
                return l;
            }
            for (int i = 0; i < l.length; i++) {
                if (l[i] == bb) {
                    l[i] = ba;
                }
            }
            l = compact(l);
        }
    }

    /**
     * Merges the closest pair of clusters that were never heard together (no window holds a local speaker of each)
     * while their centroids are closer than {@link ClusteringSettings#apartMerge()}. An acted voice moves far in
     * embedding space between its emotions, yet it never talks to itself; two people in one conversation do.
     */
    private int[] mergeApart(float[][] vec, double[] w, int[] labels, int[] groups, SpeakerCount count) {
        int[] l = labels.clone();
        while (true) {
            int k = max(l) + 1;
            if (k <= Math.max(1, count.min())) {
                return l;
            }
            boolean[][] together = heardTogether(l, groups, k);
            float[][] c = centroids(vec, w, l, k);
            int ba = -1;
            int bb = -1;
            double best = settings.apartMerge();
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    double d = 1 - AgglomerativeClustering.dot(c[a], c[b]);
                    if (!together[a][b] && d < best) {
                        best = d;
                        ba = a;
                        bb = b;
                    }
                }
            }
            if (ba < 0) {
                return l;
            }
            for (int i = 0; i < l.length; i++) {
                if (l[i] == bb) {
                    l[i] = ba;
                }
            }
            l = compact(l);
        }
    }

    /** True when some window holds two items: without that evidence (VAD pieces) every pair would look apart. */
    private static boolean windowsHoldSeveral(int[] groups) {
        for (int i = 1; i < groups.length; i++) {
            if (groups[i] == groups[i - 1]) {
                return true;
            }
        }
        return false;
    }

    /** Cluster pairs that hold two local speakers of one window (groups are consecutive per window). */
    static boolean[][] heardTogether(int[] labels, int[] groups, int k) {
        boolean[][] t = new boolean[k][k];
        int i = 0;
        while (i < labels.length) {
            int j = i;
            while (j < labels.length && groups[j] == groups[i]) {
                j++;
            }
            for (int a = i; a < j; a++) {
                for (int b = a + 1; b < j; b++) {
                    if (labels[a] != labels[b]) {
                        t[labels[a]][labels[b]] = true;
                        t[labels[b]][labels[a]] = true;
                    }
                }
            }
            i = j;
        }
        return t;
    }

    /** Flat labels from AHC, two-stage when there are more vectors than one pass may hold. */
    /** {@code groups}: window of each vector for the cannot-link constraint (null: none; only used in one pass). */
    private int[] ahc(float[][] vec, double[] w, int[] groups, SpeakerCount count, boolean onePass) {
        int n = vec.length;
        if (settings.method() == ClusteringSettings.Method.SPECTRAL && n <= SPECTRAL_MAX) {
            int maxK = (int) Math.min(count.max(), settings.maxSpeakers());
            return SpectralClustering.cluster(vec, settings.spectralKeep(), Math.min(count.min(), n),
                    Math.max(Math.min(count.min(), n), maxK));
        }
        if (usesPlda() && n <= settings.maxDirect()) {
            double[][] u = new double[n][];
            double[] eff = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = plda.project(vec[i]);
                eff[i] = Math.max(1e-3, w[i]) * settings.pldaPerSecond();
            }
            return PldaClustering.cluster(plda, u, eff, groups, settings.pldaThreshold(), Math.min(count.min(), n),
                    Math.min(count.max(), n));
        }
        if (n <= (settings.method() == ClusteringSettings.Method.SPECTRAL ? SPECTRAL_MAX : settings.maxDirect())) {
            List<AgglomerativeClustering.Merge> merges = AgglomerativeClustering.linkage(vec, w, groups);
            int[] labels = AgglomerativeClustering.cut(n, merges, settings.threshold(), Math.min(count.min(), n),
                    Math.min(count.max(), n));
            return onePass && settings.countsBySilhouette() && !count.isExact()
                    ? bySilhouette(vec, w, merges, labels, count) : labels;
        }
        // stage 1: consecutive blocks, tight threshold (only near-duplicates of one voice merge)
        int direct = settings.method() == ClusteringSettings.Method.SPECTRAL ? SPECTRAL_MAX : settings.maxDirect();
        int block = Math.max(2, direct / 2);
        int[] group = new int[n];
        List<float[]> reps = new ArrayList<>();
        List<Double> repW = new ArrayList<>();
        for (int b0 = 0; b0 < n; b0 += block) {
            int b1 = Math.min(n, b0 + block);
            float[][] bv = Arrays.copyOfRange(vec, b0, b1);
            double[] bw = Arrays.copyOfRange(w, b0, b1);
            int[] bl = AgglomerativeClustering.cut(bv.length,
                    AgglomerativeClustering.linkage(bv, bw), settings.threshold() * 0.5, 1, bv.length);
            int bk = max(bl) + 1;
            float[][] bc = centroids(bv, bw, bl, bk);
            double[] bm = mass(bw, bl, bk);
            for (int i = 0; i < bl.length; i++) {
                group[b0 + i] = reps.size() + bl[i];
            }
            for (int c = 0; c < bk; c++) {
                reps.add(bc[c]);
                repW.add(bm[c]);
            }
        }
        if (reps.size() > n * 0.9) { // stage 1 barely merged: fall back to a fixed-size subsample
            return ahcSubsample(vec, w, count);
        }
        float[][] rv = reps.toArray(new float[0][]);
        double[] rw = repW.stream().mapToDouble(Double::doubleValue).toArray();
        int[] repLabels = ahc(rv, rw, null, count, false); // recursion ends: every level shrinks the set by >= 10 %
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = repLabels[group[i]];
        }
        return out;
    }

    /**
     * The count among those the threshold gives when moved {@link ClusteringSettings#silhouetteBand()} either way whose
     * partition has the largest speech-weighted mean silhouette; {@code labels} (the threshold's own cut) on a tie or
     * when it holds one cluster. Measured, not the default: on the tuning sets it chose worse counts than the
     * threshold (docs/diarization.md, "The count by silhouette").
     */
    private int[] bySilhouette(float[][] vec, double[] w, List<AgglomerativeClustering.Merge> merges, int[] labels,
            SpeakerCount count) {
        int n = vec.length;
        int k0 = max(labels) + 1;
        if (k0 < 2 || n < 3) {
            return labels;
        }
        double band = settings.silhouetteBand();
        // below the cannot-link distance, so a band never merges two voices of one window; at most MAX_CANDIDATES
        // counts either side of the threshold's (each one costs a pass over all pairs)
        double loose = Math.min(settings.threshold() + band, AgglomerativeClustering.CANNOT_LINK_DISTANCE - 1e-6);
        int fewest = max(AgglomerativeClustering.cut(n, merges, loose, 1, n)) + 1;
        int most = max(AgglomerativeClustering.cut(n, merges, Math.max(1e-3, settings.threshold() - band), 1, n)) + 1;
        int lo = Math.max(Math.max(2, k0 - MAX_CANDIDATES), Math.max(count.min(), fewest));
        int hi = Math.min(Math.min(n - 1, k0 + MAX_CANDIDATES), Math.min(count.max(), most));
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = 1 - AgglomerativeClustering.dot(vec[i], vec[j]);
                d[j][i] = d[i][j];
            }
        }
        int[] best = labels;
        double bestScore = silhouette(d, w, labels, k0);
        for (int k = lo; k <= hi; k++) {
            if (k == k0) {
                continue;
            }
            int[] l = AgglomerativeClustering.labels(n, merges, n - k);
            double score = silhouette(d, w, l, k);
            if (score > bestScore) {
                bestScore = score;
                best = l;
            }
        }
        return best;
    }

    /** Most counts tried on either side of the threshold's own by the silhouette choice. */
    static final int MAX_CANDIDATES = 10;

    /**
     * Speech-weighted mean silhouette (cosine distances: the cannot-link pairs' are not raised here) of a partition
     * into {@code k} clusters; an item alone in its cluster scores 0.
     */
    static double silhouette(double[][] d, double[] w, int[] labels, int k) {
        int n = labels.length;
        double total = 0;
        double weight = 0;
        double[] sum = new double[k];
        double[] mass = new double[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(sum, 0);
            Arrays.fill(mass, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[labels[j]] += w[j] * d[i][j];
                    mass[labels[j]] += w[j];
                }
            }
            double s = 0;
            int own = labels[i];
            if (mass[own] > 0) {
                double a = sum[own] / mass[own];
                double b = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (c != own && mass[c] > 0) {
                        b = Math.min(b, sum[c] / mass[c]);
                    }
                }
                s = Double.isFinite(b) && Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
            }
            total += w[i] * s;
            weight += w[i];
        }
        return weight > 0 ? total / weight : 0;
    }

    /** Last resort for huge, all-distinct sets: cluster an even subsample, assign the rest to its centroids. */
    private int[] ahcSubsample(float[][] vec, double[] w, SpeakerCount count) {
        int m = settings.maxDirect();
        EvenSample s = EvenSample.of(vec, w, m);
        List<AgglomerativeClustering.Merge> merges = AgglomerativeClustering.linkage(s.vec(), s.w());
        int[] sl = AgglomerativeClustering.cut(m, merges, settings.threshold(), Math.min(count.min(), m),
                Math.min(count.max(), m));
        return nearestOf(centroids(s.vec(), s.w(), sl, max(sl) + 1), vec);
    }

    /** Each window's local speakers go to distinct clusters maximising total cosine similarity. */
    static int[] assign(List<Item> items, float[][] centroids) {
        int[] labels = new int[items.size()];
        int k = centroids.length;
        int i = 0;
        while (i < items.size()) {
            int j = i;
            while (j < items.size() && items.get(j).group() == items.get(i).group()) {
                j++;
            }
            int m = j - i;
            double[][] sim = new double[m][k];
            for (int a = 0; a < m; a++) {
                for (int c = 0; c < k; c++) {
                    sim[a][c] = AgglomerativeClustering.dot(items.get(i + a).embedding(), centroids[c]);
                }
            }
            int[] best = m <= k && m <= 4 ? bestDistinct(sim, k) : argmaxEach(sim);
            System.arraycopy(best, 0, labels, i, m);
            i = j;
        }
        return labels;
    }

    private static int[] argmaxEach(double[][] sim) {
        int[] out = new int[sim.length];
        for (int a = 0; a < sim.length; a++) {
            for (int c = 1; c < sim[a].length; c++) {
                if (sim[a][c] > sim[a][out[a]]) {
                    out[a] = c;
                }
            }
        }
        return out;
    }

    /** For each row of {@code sim} (items x k labels) a different label, the pairing of the highest summed similarity. */
    public static int[] bestDistinct(double[][] sim, int k) {
        int m = sim.length;
        int[] cur = new int[m];
        int[] best = new int[m];
        double[] bestScore = {Double.NEGATIVE_INFINITY};
        search(sim, k, 0, cur, new boolean[k], 0.0, best, bestScore);
        return best;
    }

    private static void search(double[][] sim, int k, int a, int[] cur, boolean[] taken, double score, int[] best,
                               double[] bestScore) {
        if (a == sim.length) {
            if (score > bestScore[0]) {
                bestScore[0] = score;
                System.arraycopy(cur, 0, best, 0, cur.length);
            }
            return;
        }
        for (int c = 0; c < k; c++) {
            if (!taken[c]) {
                taken[c] = true;
                cur[a] = c;
                search(sim, k, a + 1, cur, taken, score + sim[a][c], best, bestScore);
                taken[c] = false;
            }
        }
    }

    /** Drops empty labels, but never below {@code min} clusters (empty ones are then kept as they were). */
    private static int[] compactWithMin(int[] labels, int k, int min) {
        int[] used = new int[k];
        for (int l : labels) {
            used[l]++;
        }
        int nonEmpty = (int) Arrays.stream(used).filter(u -> u > 0).count();
        return nonEmpty >= Math.min(min, k) ? compact(labels) : labels;
    }

    static int[] compact(int[] labels) {
        int[] map = new int[max(labels) + 1];
        Arrays.fill(map, -1);
        int next = 0;
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (map[labels[i]] < 0) {
                map[labels[i]] = next++;
            }
            out[i] = map[labels[i]];
        }
        return out;
    }

    /** L2-normalised speech-weighted centroids of {@code items} under {@code labels} (0..k-1). */
    public static float[][] centroidsOf(List<Item> items, int[] labels, int k) {
        float[][] vec = new float[items.size()][];
        double[] w = new double[items.size()];
        for (int i = 0; i < vec.length; i++) {
            vec[i] = items.get(i).embedding();
            w[i] = Math.max(1e-3, items.get(i).seconds());
        }
        return centroids(vec, w, labels, k);
    }

    static float[][] centroids(float[][] vec, double[] w, int[] labels, int k) {
        int d = vec.length == 0 ? 0 : vec[0].length;
        double[][] acc = new double[k][d];
        for (int i = 0; i < vec.length; i++) {
            for (int j = 0; j < d; j++) {
                acc[labels[i]][j] += w[i] * vec[i][j];
            }
        }
        float[][] out = new float[k][d];
        for (int c = 0; c < k; c++) {
            double norm = 0;
            for (double v : acc[c]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                out[c][j] = norm > 0 ? (float) (acc[c][j] / norm) : 0f;
            }
        }
        return out;
    }

    private static double[] mass(double[] w, int[] labels, int k) {
        double[] m = new double[k];
        for (int i = 0; i < labels.length; i++) {
            m[labels[i]] += w[i];
        }
        return m;
    }

    private static int nearest(float[][] centroids, float[] v, int except) {
        int best = -1;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            if (c == except) {
                continue;
            }
            double s = AgglomerativeClustering.dot(centroids[c], v);
            if (s > bestSim) {
                bestSim = s;
                best = c;
            }
        }
        return best;
    }

    private static int max(int[] a) {
        int m = -1;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
