package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.vad.VoiceActivityDetector;

/** Registered through ServiceLoader ({@code META-INF/services/io.emotrace.pipeline.DiarizerFactory}). */
public interface DiarizerFactory extends StageFactory<Diarizer> {
    /**
     * A diarizer that uses {@code sharedVad} (owned by the caller, never closed by the diarizer; null: none) instead
     * of loading its own. The default ignores it.
     */
    default Diarizer create(VoiceActivityDetector sharedVad) throws EmotraceException {
        return create();
    }
}
