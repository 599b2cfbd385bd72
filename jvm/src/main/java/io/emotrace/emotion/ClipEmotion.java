package io.emotrace.emotion;

import io.emotrace.domain.EmotionEstimate;
import io.emotrace.output.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One clip through an {@link EmotionModel}: the estimate (label, confidence, 9 scores), the utterance embedding
 * (D, e.g. the mean of the frames as FunASR's {@code granularity="utterance"}) and, when kept, the frame
 * embeddings (T x D, row-major) and per-frame scores (T x 9 in {@link io.emotrace.domain.Emotion} order, null
 * when the model has no frame classifier). {@code reason} is non-null when the clip was not run (too short, ...).
 */
public record ClipEmotion(EmotionEstimate estimate, String reason, int frames, int dim, float[] embedding,
        float[] frameFeatures, float[] frameScores) {

    public boolean ran() {
        return reason == null;
    }

    /** Writes {@code embedding.npy} as (1, D). */
    public void writeUtteranceNpy(Path file) throws IOException {
        requireRun();
        NpyWriter.write(file, embedding, 1, dim);
    }

    /** Writes the frame features as (T, D); needs a result produced with frames kept. */
    public void writeFramesNpy(Path file) throws IOException {
        requireRun();
        if (frameFeatures == null) {
            throw new IllegalStateException("frame features were not kept for this clip");
        }
        NpyWriter.write(file, frameFeatures, frames, dim);
    }

    private void requireRun() {
        if (!ran()) {
            throw new IllegalStateException("no embedding: " + reason);
        }
    }
}
