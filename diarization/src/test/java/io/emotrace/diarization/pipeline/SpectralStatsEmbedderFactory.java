package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedderFactory;
import io.emotrace.pipeline.Availability;

/** Registers the test double on the test classpath only, so CLI tests can name it with --embedder. */
public final class SpectralStatsEmbedderFactory implements SpeakerEmbedderFactory {
    public static final String NAME = "test-spectral-stats";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.yes("test double (test classpath only)");
    }

    @Override
    public SpeakerEmbedder create() {
        return new SpectralStatsEmbedder();
    }
}
