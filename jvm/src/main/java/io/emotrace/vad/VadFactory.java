package io.emotrace.vad;

import io.emotrace.pipeline.StageFactory;

/** Registered through ServiceLoader ({@code META-INF/services/io.emotrace.vad.VadFactory}). */
public interface VadFactory extends StageFactory<VoiceActivityDetector> {
}
