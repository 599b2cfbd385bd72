package io.emotrace.pipeline;

/** Registered through ServiceLoader ({@code META-INF/services/io.emotrace.pipeline.EmotionRecognizerFactory}). */
public interface EmotionRecognizerFactory extends StageFactory<EmotionRecognizer> {
}
