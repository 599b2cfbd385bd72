package io.emotrace.vad;

import io.emotrace.EmotraceException;
import io.emotrace.pipeline.Availability;

/** Registered through ServiceLoader ({@code META-INF/services/io.emotrace.vad.VadFactory}). */
public interface VadFactory {
    String name();

    Availability availability();

    VoiceActivityDetector create() throws EmotraceException;
}
