package io.emotrace.diarization.pipeline;

import io.emotrace.domain.DiarizationResult;
import java.util.List;

/**
 * A finished diarization: the turns (ids S1, S2, ... by first appearance), each speaker's centroid embedding in
 * the same order (for enrolment), and what it took.
 */
public record Diarization(DiarizationResult result, List<String> speakerIds, float[][] centroids, String method,
        Stats stats) {

    /** Counts and timings; seconds are wall-clock. */
    public record Stats(double audioSeconds, int windows, int embeddings, int rawClusters, int foldedClusters,
            double vadSeconds, double segmentationSeconds, double embeddingSeconds, double clusteringSeconds,
            double embeddedAudioSeconds) {
        public double totalSeconds() {
            return vadSeconds + segmentationSeconds + embeddingSeconds + clusteringSeconds;
        }

        public double realTimeFactor() {
            return audioSeconds > 0 ? totalSeconds() / audioSeconds : 0;
        }
    }
}
