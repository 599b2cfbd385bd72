package io.emotrace.asr;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Transcript;

/**
 * Speech to text over a stretch of 16 kHz mono audio, with timed, scored words. Implementations hide their
 * engine entirely (no Vosk type crosses this interface). {@link #transcribe} may be called from several threads
 * at once: the model is shared, every call gets its own recognizer.
 */
public interface Asr extends AutoCloseable {
    /** Words of {@code audio} between {@code start} and {@code end} seconds, with absolute times. */
    Transcript transcribe(AudioSource audio, double start, double end) throws AsrException;

    /**
     * As above, giving up early (the result is then incomplete and must be discarded) once {@code stop} says so:
     * a cancelled run does not wait for a long segment to finish.
     */
    default Transcript transcribe(AudioSource audio, double start, double end, java.util.function.BooleanSupplier stop)
            throws AsrException {
        return transcribe(audio, start, end);
    }

    /** A streaming recognizer (own decoder state, shared model) for one live stream of 16 kHz audio. */
    default io.emotrace.pipeline.TranscriberStream openStream() throws AsrException {
        throw new AsrException("asr.no_stream", describe() + " cannot transcribe a live stream");
    }

    /** ISO 639-1 code of the model's language ({@code en}), or {@code und} when it is not known. */
    String language();

    /** The model and settings, for outputs. */
    String describe();

    @Override
    void close();
}
