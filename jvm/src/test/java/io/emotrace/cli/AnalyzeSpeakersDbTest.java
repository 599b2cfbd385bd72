package io.emotrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.audio.WavWriter;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.ResultJson;
import io.emotrace.pipeline.SpeakerNamingTest;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.TestStages;
import io.emotrace.speakers.SpeakerDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** analyze --speakers-db: enrolled voices name matching speakers; a broken database is a command-line error. */
class AnalyzeSpeakersDbTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        AnalyzeCommand cmd = new AnalyzeCommand(() -> StageCatalog.of(List.of(new TestStages.WavOnlyDecoder()),
                List.of(new TestStages.EnergyVad()), List.of(new SpeakerNamingTest.VoicedDiarizer()), List.of(),
                List.of(), List.of()));
        return new CommandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private Path wav() throws Exception {
        Path wav = dir.resolve("m.wav");
        float[] x = new float[16000 * 4];
        for (int i = 0; i < x.length; i++) {
            double t = i / 16000.0;
            x[i] = t > 0.5 && t < 1.5 || t > 2.2 && t < 3.4 ? (float) (0.3 * Math.sin(2 * Math.PI * 200 * t)) : 0f;
        }
        try (WavWriter w = WavWriter.pcm16(wav)) {
            w.write(x);
        }
        return wav;
    }

    private AnalysisResult only(Path outputs) throws Exception {
        try (Stream<Path> s = Files.list(outputs)) {
            return ResultJson.read(s.findFirst().orElseThrow().resolve("result.json"));
        }
    }

    @Test
    void enrolledVoicesNameSpeakersAndTheThresholdCanBeFixed() throws Exception {
        Path db = dir.resolve("voices");
        new SpeakerDirectory(db).enroll("Alice", List.of(new float[] {1, 0, 0, 0}), List.of(40.0), "project");
        Path wav = wav();
        assertEquals(0, run(wav.toString(), "--out", dir.resolve("a").toString(), "--speakers-db", db.toString(),
                "--no-progress"), err.toString());
        assertTrue(err.toString().contains("1 enrolled voice(s)"), err.toString());
        assertTrue(out.toString().contains("S1 is Alice (similarity 0.96)"), out.toString());
        assertEquals("Alice", only(dir.resolve("a")).speakers().get(0).name());

        assertEquals(0, run(wav.toString(), "--out", dir.resolve("b").toString(), "--speakers-db", db.toString(),
                "--speaker-threshold", "0.97", "--no-progress"), err.toString());
        assertNull(only(dir.resolve("b")).speakers().get(0).name(), "0.96 is under a fixed 0.97");
    }

    @Test
    void anUnreadableDatabaseIsRefusedBeforeAnyAnalysis() throws Exception {
        Path db = Files.createDirectories(dir.resolve("voices"));
        Files.writeString(db.resolve("alice-12345678.json"), "{ not json");
        Files.writeString(db.resolve("alice-12345678.npy"), "x");
        assertEquals(2, run(wav().toString(), "--out", dir.resolve("c").toString(), "--speakers-db", db.toString()));
        assertTrue(err.toString().contains("speakers.db_unreadable"), err.toString());
        assertTrue(!Files.exists(dir.resolve("c")) || Files.list(dir.resolve("c")).findAny().isEmpty());
    }

    @Test
    void aFileGivenAsTheDatabaseIsRefusedNotReadAsEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("voices.txt"), "not a folder");
        assertEquals(2, run(wav().toString(), "--out", dir.resolve("e").toString(), "--speakers-db", file.toString()));
        assertTrue(err.toString().contains("speakers.db_unreadable") && err.toString().contains("is not a folder"),
                err.toString());
    }

    @Test
    void aThresholdThatIsNoCosineIsRefusedByName() throws Exception {
        for (String bad : new String[] {"7", "NaN", "-1.5"}) {
            assertEquals(2, run(wav().toString(), "--out", dir.resolve("d").toString(), "--speaker-threshold", bad));
            assertTrue(err.toString().contains("--speaker-threshold: a cosine similarity in [-1, 1], not"), err.toString());
        }
        assertTrue(!Files.exists(dir.resolve("d")) || Files.list(dir.resolve("d")).findAny().isEmpty());
    }
}
