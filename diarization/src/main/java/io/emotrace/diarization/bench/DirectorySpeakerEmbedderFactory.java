package io.emotrace.diarization.bench;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.embedding.ProjectSpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedderFactory;
import io.emotrace.diarization.embedding.SpeakerModelFiles;
import io.emotrace.pipeline.Availability;
import java.nio.file.Files;
import java.nio.file.Path;

/** A project speaker model from a training output folder, so a new model is benched before it is committed. */
final class DirectorySpeakerEmbedderFactory implements SpeakerEmbedderFactory {
    static final String NAME = "project-dir";

    private final Path dir;

    DirectorySpeakerEmbedderFactory(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Files.isRegularFile(dir.resolve(SpeakerModelFiles.WEIGHTS))
                ? Availability.yes("project speaker model from " + dir)
                : Availability.no("no " + SpeakerModelFiles.WEIGHTS + " in " + dir);
    }

    @Override
    public SpeakerEmbedder create() throws EmotraceException {
        return ProjectSpeakerEmbedder.fromDirectory(dir);
    }
}
