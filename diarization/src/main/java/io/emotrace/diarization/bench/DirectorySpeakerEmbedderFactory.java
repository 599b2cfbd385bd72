package io.emotrace.diarization.bench;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.embedding.EnsembleSpeakerEmbedder;
import io.emotrace.diarization.embedding.ProjectSpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedderFactory;
import io.emotrace.diarization.embedding.SpeakerModelFiles;
import io.emotrace.pipeline.Availability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A project speaker model from a training output folder, so a new model is benched before it is committed; several
 * folders give the models heard together ({@link EnsembleSpeakerEmbedder}).
 */
final class DirectorySpeakerEmbedderFactory implements SpeakerEmbedderFactory {
    static final String NAME = "project-dir";

    private final List<Path> dirs;

    DirectorySpeakerEmbedderFactory(List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no model folder");
        }
        this.dirs = List.copyOf(dirs);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        for (Path dir : dirs) {
            if (!Files.isRegularFile(dir.resolve(SpeakerModelFiles.WEIGHTS))) {
                return Availability.no("no " + SpeakerModelFiles.WEIGHTS + " in " + dir);
            }
        }
        return Availability.yes("project speaker model from " + dirs);
    }

    @Override
    public SpeakerEmbedder create() throws EmotraceException {
        if (dirs.size() == 1) {
            return ProjectSpeakerEmbedder.fromDirectory(dirs.get(0));
        }
        return EnsembleSpeakerEmbedder.ofDirectories(dirs);
    }
}
