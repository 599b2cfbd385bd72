package io.emotrace.output;

import io.emotrace.domain.StageStatus;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.rttm.RttmWriter;
import io.emotrace.rttm.SpeakerTurn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code diarization.rttm}: the overlapping speaker turns (simultaneous speech kept), file id = the input's safe
 * name. Written only when diarization ran; an older file of the same name is never left behind.
 */
public final class DiarizationRttm {
    public static final String FILE_NAME = "diarization.rttm";

    private DiarizationRttm() {
    }

    public static void write(Path dir, AnalysisResult result) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        boolean ran = result.stages().stream().anyMatch(s -> s.name().equals(AnalysisPipeline.DIARIZATION) && s.status() == StageStatus.OK);
        if (!ran) {
            Files.deleteIfExists(target);
            return;
        }
        String id = RunDirectory.safeName(result.input().fileName());
        List<SpeakerTurn> turns = result.speakerTurns().stream()
                .map(t -> new SpeakerTurn(id, t.speaker(), t.start(), t.end())).toList();
        RttmWriter.write(turns, target);
    }
}
