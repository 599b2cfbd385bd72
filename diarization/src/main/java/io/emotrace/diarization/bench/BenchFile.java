package io.emotrace.diarization.bench;

import io.emotrace.diarization.pipeline.Evidence;
import io.emotrace.rttm.RttmTurn;
import java.util.List;

/**
 * One benchmark recording after the expensive stages: its reference, the models' evidence, and the seconds the
 * VAD, segmentation and embeddings took (clustering is timed per variant): per stage, as the process's CPU time
 * ({@code cpuSeconds}) and as the wall time measured around them all ({@code wallSeconds}).
 */
record BenchFile(String id, double seconds, List<RttmTurn> reference, int referenceSpeakers, Evidence evidence,
        double vadSeconds, double cpuSeconds, double wallSeconds) {
    double modelSeconds() {
        return vadSeconds + evidence.chainSegmentationSeconds() + evidence.chainEmbeddingSeconds();
    }
}
