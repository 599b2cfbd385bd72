package io.emotrace.pipeline;

/** Registered through ServiceLoader ({@code META-INF/services/io.emotrace.pipeline.TranscriberFactory}). */
public interface TranscriberFactory extends StageFactory<Transcriber> {
}
