package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import io.emotrace.pipeline.Availability;

/**
 * ServiceLoader provider for {@link ProjectSpeakerEmbedder} (the committed model on the classpath): each embedder it
 * creates is a handle on the process's one loaded network of that model, shared with the emotion stage's
 * {@link SpeakerNetVoiceStats}.
 */
public final class ProjectSpeakerEmbedderFactory implements SpeakerEmbedderFactory {
    @Override
    public String name() {
        return ProjectSpeakerEmbedder.NAME;
    }

    @Override
    public Availability availability() {
        if (getClass().getClassLoader().getResource(SpeakerModelFiles.CLASSPATH_DIR + SpeakerModelFiles.WEIGHTS) == null) {
            return Availability.no("no trained speaker model on the classpath (" + SpeakerModelFiles.CLASSPATH_DIR
                    + "); run ./emotrace train speaker");
        }
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.pytorch.global.torch.class);
        } catch (UnsatisfiedLinkError e) {
            return Availability.no("LibTorch cannot be loaded here: " + e.getMessage());
        }
        return Availability.yes("project-trained speaker embedding (LibTorch CPU)");
    }

    @Override
    public SpeakerEmbedder create() throws EmotraceException {
        return ProjectSpeakerEmbedder.fromClasspath();
    }
}
