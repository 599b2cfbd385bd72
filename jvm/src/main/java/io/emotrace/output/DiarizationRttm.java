package io.emotrace.output;

import io.emotrace.domain.StageStatus;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.RttmWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code diarization.rttm}: the overlapping speaker turns (simultaneous speech kept), file id = the input's safe
 * name, speaker = the speaker's name when it has one (whitespace as {@code _}), else its id. Written only when diarization ran; an older file of the same name is never left behind.
 */
public final class DiarizationRttm {
    public static final String FILE_NAME = "diarization.rttm";
    /** The name the pipeline records its diarization stage under (output does not depend on the pipeline). */
    static final String STAGE = "diarization";

    private DiarizationRttm() {
    }

    /** A speaker label as an RTTM field: a named speaker's name with each run of whitespace as one {@code _}. */
    static String token(String label) {
        return label.strip().replaceAll("\\s+", "_");
    }

    public static void write(Path dir, AnalysisResult result) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        boolean ran = result.stages().stream().anyMatch(s -> s.name().equals(STAGE) && s.status() == StageStatus.OK);
        if (!ran) {
            Files.deleteIfExists(target);
            return;
        }
        RttmWriter.write(turns(result), target);
    }

    /** The file's content for {@code result} (its speakers' current names), e.g. after a rename. */
    public static String format(AnalysisResult result) {
        return RttmWriter.format(turns(result));
    }

    private static List<RttmTurn> turns(AnalysisResult result) {
        String id = RunDirectory.safeName(result.input().fileName());
        return result.speakerTurns().stream()
                .map(t -> new RttmTurn(id, t.renamed(token(result.label(t.speaker()))))).toList();
    }
}
