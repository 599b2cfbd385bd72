package io.emotrace.diarization.clustering;

/**
 * Tunables of {@link SpeakerClusterer}.
 *
 * @param threshold        cosine distance below which average-linkage groups merge
 * @param minClusterSeconds a cluster with less speech than this is folded into its nearest larger cluster
 *                          (the guard against one voice split into many small "speakers" on long audio)
 * @param maxDirect        most embeddings clustered in one pass; above it clustering runs in two stages
 * @param refineIterations centroid-reassignment passes after the cut (0 = plain AHC)
 */
public record ClusteringSettings(double threshold, double minClusterSeconds, int maxDirect, int refineIterations) {
    public ClusteringSettings {
        if (!(threshold > 0) || minClusterSeconds < 0 || maxDirect < 4 || refineIterations < 0) {
            throw new IllegalArgumentException("bad clustering settings");
        }
    }

    public static ClusteringSettings defaults() {
        return new ClusteringSettings(0.6, 3.0, 1000, 2);
    }

    public ClusteringSettings withThreshold(double t) {
        return new ClusteringSettings(t, minClusterSeconds, maxDirect, refineIterations);
    }

    public ClusteringSettings withRefineIterations(int r) {
        return new ClusteringSettings(threshold, minClusterSeconds, maxDirect, r);
    }

    public ClusteringSettings withMinClusterSeconds(double s) {
        return new ClusteringSettings(threshold, s, maxDirect, refineIterations);
    }

    public ClusteringSettings withMaxDirect(int m) {
        return new ClusteringSettings(threshold, minClusterSeconds, m, refineIterations);
    }
}
