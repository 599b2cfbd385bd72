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

    /** Identifies the models and settings, for outputs. */
    String describe();

    @Override
    void close();
}
