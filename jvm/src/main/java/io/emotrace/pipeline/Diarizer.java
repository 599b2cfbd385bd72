package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.SpeechRegion;
import java.util.List;

/**
 * Speaker diarization over the processed 16 kHz audio. {@code speech} holds the VAD's regions, or is null when no
 * VAD ran (the diarizer then finds speech itself).
 */
public interface Diarizer extends AutoCloseable {
    DiarizationResult diarize(AudioSource audio, List<SpeechRegion> speech, ProgressListener progress)
            throws EmotraceException;

    /**
     * The diarizer's speaker embeddings of short clips (16 kHz mono), one L2-normalised vector each, for online
     * speaker assignment in live streams. Thread-safe where the embedder is; {@code diarization.no_embedder} when
     * this diarizer has none.
     */
    default float[][] embedClips(List<float[]> clips) throws EmotraceException {
        throw new EmotraceException("diarization.no_embedder", describe() + " offers no speaker embeddings");
    }

    /**
     * True when {@link #diarize} ignores the {@code speech} regions it is given (it detects speech itself), so the
     * pipeline can run the VAD beside it instead of before it.
     */
    default boolean findsSpeechItself() {
        return false;
    }

    /** Cosine distance below which two embeddings (or clusters) are taken for the same voice. */
    default double sameVoiceDistance() {
        return 0.5;
    }

    /**
     * How sure a live assignment is: the probability that an utterance was given the right voice, from the live
     * assigner's features; empty when this diarizer has no calibration that holds for its live settings (the live view
     * then shows no confidence rather than an uncalibrated one).
     */
    default java.util.Optional<java.util.function.ToDoubleFunction<double[]>> liveAttributionConfidence() {
        return java.util.Optional.empty();
    }

    /** Identifies the models and settings, for outputs. */
    String describe();

    @Override
    void close();
}
