package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import java.util.List;

/**
 * Speaker embeddings: one fixed-size, L2-normalised vector per clip, close for the same voice (whatever its
 * emotion) and far for different voices. Implemented by the project's own LibTorch model and by a user-provided
 * ONNX model with the CAM++ / WeSpeaker signature (80-bin fbank in, embedding out). Thread-safe; loads once.
 */
public interface SpeakerEmbedder extends AutoCloseable {
    /** Short name for outputs and {@code --embedder}. */
    String name();

    /** Embedding dimension. */
    int dim();

    /** Shortest clip (seconds) that gives a usable embedding; callers skip or merge shorter ones. */
    double minSeconds();

    /**
     * One L2-normalised embedding per clip (16 kHz mono, raw amplitude), in input order. Batches internally;
     * a clip shorter than {@link #minSeconds()} is padded by repetition rather than rejected.
     */
    float[][] embed(List<float[]> clips) throws EmotraceException;

    /**
     * The PLDA back-end fitted for these embeddings (same/different-speaker log-likelihood ratios), or null when the
     * model has none: clustering then decides by cosine distance.
     */
    default Plda plda() {
        return null;
    }

    /**
     * How sure an assignment to a voice is, fitted for these weights ({@link AttributionCalibration}), or null when
     * the model has none: turns then carry no confidence.
     */
    default AttributionCalibration attributionCalibration() {
        return null;
    }

    /**
     * The same for live streams' online assignment ({@code OnlineSpeakers}' features), or null: live labels then carry
     * no confidence.
     */
    default AttributionCalibration liveAttributionCalibration() {
        return null;
    }

    /**
     * Names the weights, what a calibration fitted for them records ({@code sha256:...} for the project's model); by
     * default the description.
     */
    default String weightsDigest() {
        return describe();
    }

    /** Identifies the weights and runtime, for outputs. */
    String describe();

    @Override
    void close();
}
