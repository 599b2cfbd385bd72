package io.emotrace.vad;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.SpeechRegion;
import java.util.List;

/** Finds speech in a 16 kHz signal. Streams over the source; memory does not grow with its length. */
public interface VoiceActivityDetector extends AutoCloseable {
    List<SpeechRegion> detect(AudioSource audio);

    /** Identifies the model and settings, for outputs. */
    String describe();

    @Override
    void close();
}
