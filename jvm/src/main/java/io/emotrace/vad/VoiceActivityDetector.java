package io.emotrace.vad;

import io.emotrace.pipeline.AnalysisCancelledException;
import io.emotrace.pipeline.ProgressListener;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.SpeechRegion;
import java.util.List;

/** Finds speech in a 16 kHz signal. Streams over the source; memory does not grow with its length. */
public interface VoiceActivityDetector extends AutoCloseable {
    List<SpeechRegion> detect(AudioSource audio);

    /** As {@link #detect(AudioSource)}, stopping with the run's cancellation between blocks of audio. */
    default List<SpeechRegion> detect(AudioSource audio, ProgressListener progress)
            throws AnalysisCancelledException {
        progress.checkCancelled();
        return detect(audio);
    }

    /**
     * A streaming state over this detector's model for one live stream (its own recurrent state and buffers; the
     * model is shared). A detector that cannot stream throws {@code vad.no_stream}.
     */
    default VadStream openStream() throws io.emotrace.EmotraceException {
        throw new io.emotrace.EmotraceException("vad.no_stream", describe() + " cannot stream");
    }

    /** Identifies the model and settings, for outputs. */
    String describe();

    @Override
    void close();
}
