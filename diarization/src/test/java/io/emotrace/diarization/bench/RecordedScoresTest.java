package io.emotrace.diarization.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emotrace.scoring.BootstrapInterval;
import io.emotrace.scoring.DerComponents;
import io.emotrace.scoring.FileScore;
import io.emotrace.scoring.ScoreReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedScoresTest {
    private static SetScore set(String variant, double... totalAndErrors) {
        List<FileScore> files = new java.util.ArrayList<>();
        for (int i = 0; i < totalAndErrors.length; i += 2) {
            double e = totalAndErrors[i + 1];
            files.add(new FileScore("meeting_" + i / 2, new DerComponents(totalAndErrors[i], totalAndErrors[i], e / 2,
                    e / 4, e / 4), 0, List.of(), List.of(), Map.of(), Map.of()));
        }
        ScoreReport r = new ScoreReport(0, files, DerComponents.ZERO, 0, List.of());
        return new SetScore("calls", variant, files.size(), r, r, 0, 0, 0);
    }

    @Test
    void aWrittenRunPairsWithALaterOneOnTheSameRecordingsOnly(@TempDir Path dir) throws IOException {
        RecordedScores r = new RecordedScores();
        r.put("calls", set("default", 60, 6, 80, 20));
        Path f = dir.resolve("scores.json");
        r.write(f);
        RecordedScores back = RecordedScores.read(f);
        List<DerComponents> a = back.aligned("calls", set("default", 60, 3, 80, 10));
        assertEquals(2, a.size());
        assertEquals(6, a.get(0).errors(), 1e-12);
        assertEquals(20, a.get(1).errors(), 1e-12);
        assertNull(back.aligned("telephone", set("default", 60, 6, 80, 20)), "a set the earlier run did not score");
        assertNull(back.aligned("calls", set("default", 60, 6, 81, 20)), "another recording under the same name");
        assertNull(back.aligned("calls", set("default", 60, 6)), "another number of recordings");
        Files.writeString(f, "{\"calls\": {\"meeting_0\": [1, 2]}}");
        assertThrows(IOException.class, () -> RecordedScores.read(f));
    }

    @Test
    void aVerdictIsShownOnlyWhenTheIntervalLiesOnOneSideOfTheBound() {
        assertEquals("below it beyond the set's spread",
                DiarizationBenchCommand.beyondSpread(new BootstrapInterval(0.05, 0.03, 0.08, 1000), 0.10));
        assertEquals("above it beyond the set's spread",
                DiarizationBenchCommand.beyondSpread(new BootstrapInterval(0.31, 0.22, 0.40, 1000), 0.15));
        assertEquals("within the set's spread",
                DiarizationBenchCommand.beyondSpread(new BootstrapInterval(0.22, 0.17, 0.42, 1000), 0.25));
    }
}
