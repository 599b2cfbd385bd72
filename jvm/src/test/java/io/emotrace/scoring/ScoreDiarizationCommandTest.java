package io.emotrace.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreDiarizationCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void registeredAndReportsBothCollarsByDefault() throws Exception {
        Path ref = write("ref.rttm", "SPEAKER m 1 0 10 <NA> <NA> MÉO069 <NA> <NA>\n"
                + "SPEAKER m 1 10 10 <NA> <NA> B <NA> <NA>\n");
        Path hyp = write("hyp.rttm", "SPEAKER m 1 0 11 <NA> <NA> s1 <NA> <NA>\n"
                + "SPEAKER m 1 11 9 <NA> <NA> s2 <NA> <NA>\n");
        CliRun r = CliRun.main("score-diarization", ref.toString(), hyp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("collar 0.000 s") && r.out().contains("collar 0.250 s"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("TOTAL") && l.contains(" 5.00 ")), r.out());

        CliRun j = CliRun.main("score-diarization", ref.toString(), hyp.toString(), "--collar", "0.25", "--json");
        assertEquals(0, j.code(), j.err());
        JsonNode root = new ObjectMapper().readTree(j.out());
        assertEquals(1, root.get("collars").size());
        JsonNode c = root.get("collars").get(0);
        assertEquals(0.75 / 19, c.get("total").get("der").asDouble(), 1e-9);
        assertEquals("s1", c.get("files").get(0).get("mapping").get("MÉO069").asText());
    }

    @Test
    void badFilesGiveTypedErrorsNotStackTraces() throws Exception {
        Path ref = write("ref.rttm", "SPEAKER m 1 0 10 <NA> <NA> A <NA> <NA>\nSPEAKER m 1 oops 1 <NA> <NA> A\n");
        Path hyp = write("hyp.rttm", "SPEAKER m 1 0 10 <NA> <NA> A <NA> <NA>\n");
        CliRun r = CliRun.main("score-diarization", ref.toString(), hyp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("[rttm.malformed]") && r.err().contains("ref.rttm:2"), r.err());
        CliRun missing = CliRun.main("score-diarization", dir.resolve("none.rttm").toString(), hyp.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("[rttm.unreadable]"), missing.err());
        CliRun badUem = CliRun.main("score-diarization", hyp.toString(), hyp.toString(), "--uem", hyp.toString());
        assertEquals(1, badUem.code());
        assertTrue(badUem.err().contains("[uem.malformed]"), badUem.err());
        CliRun badCollar = CliRun.main("score-diarization", hyp.toString(), hyp.toString(), "--collar", "-1");
        assertEquals(2, badCollar.code());
        Path empty = write("empty.rttm", "");
        CliRun noSpeech = CliRun.main("score-diarization", empty.toString(), empty.toString());
        assertEquals(1, noSpeech.code(), noSpeech.out());
        assertTrue(noSpeech.err().contains("[rttm.no_reference_speech]"), noSpeech.err());
        CliRun noHypothesis = CliRun.main("score-diarization", hyp.toString(), empty.toString(), "--collar", "0");
        assertEquals(0, noHypothesis.code(), noHypothesis.err()); // nothing found: every reference second missed
        assertTrue(noHypothesis.out().lines().anyMatch(l -> l.startsWith("TOTAL") && l.contains(" 100.00 ")),
                noHypothesis.out());
    }
}
