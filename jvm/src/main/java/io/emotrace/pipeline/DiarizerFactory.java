package io.emotrace.pipeline;

/** Registered through ServiceLoader ({@code META-INF/services/io.emotrace.pipeline.DiarizerFactory}). */
public interface DiarizerFactory extends StageFactory<Diarizer> {
}
