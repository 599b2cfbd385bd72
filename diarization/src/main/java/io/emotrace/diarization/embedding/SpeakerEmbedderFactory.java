package io.emotrace.diarization.embedding;

import io.emotrace.pipeline.StageFactory;

/** Finds speaker-embedding providers with ServiceLoader, like the pipeline's stages. */
public interface SpeakerEmbedderFactory extends StageFactory<SpeakerEmbedder> {
}
