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

    /** Identifies the model and settings, for outputs. */
    String describe();

    @Override
    void close();
}
