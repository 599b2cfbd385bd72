package io.emotrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.WavFileSource;
import io.emotrace.domain.StageStatus;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.ResultJson;
import io.emotrace.output.RunDirectoryCleanupTest;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.TestStages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(AnalyzeCommand cmd, String... args) {
        return new CommandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private List<Path> published(Path outputs) throws IOException {
        if (!Files.exists(outputs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(outputs)) {
            return s.sorted().toList();
        }
    }

    @Test
    void analyzeIsRegisteredWithTheCli() {
        assertInstanceOf(AnalyzeCommand.class, Main.commandLine().getSubcommands().get("analyze").getCommand());
    }

    /** End to end with whatever decoder the classpath has: none yet means the clear "decoder not available". */
    @Test
    void realWavThroughTheClasspathStages() throws Exception {
        Path wav = SharedTestData.require("data/asr/001.wav");
        Path outputs = dir.resolve("outputs");
        int code = run(new AnalyzeCommand(), wav.toString(), "--out", outputs.toString(), "--no-progress");
        if (!StageCatalog.fromClasspath().hasDecoder()) {
            assertEquals(1, code);
            assertTrue(err.toString().contains("001.wav: error [decoder.unavailable] audio decoder not available: "
                    + "no io.emotrace.audio.AudioDecoder on the classpath yet"), err.toString());
            assertEquals(List.of(), published(outputs));
        } else {
            assertTrue(code == 0 || code == 4, "exit " + code + ": " + err);
            List<Path> runs = published(outputs);
            assertEquals(1, runs.size());
            AnalysisResult r = ResultJson.read(runs.get(0).resolve("result.json"));
            assertEquals(sha256(wav), r.input().sha256());
            assertEquals(StageStatus.OK, r.stages().get(0).status());
            assertEquals(16000, r.processedAudio().sampleRate());
            AnalysisResult.Stage asr = r.stages().stream().filter(s -> s.name().equals("asr")).findFirst().orElseThrow();
            if (asr.status() == StageStatus.OK) {
                // the embedded Vosk model on the real "ten of clubs" recording, written beside result.json
                String said = String.join(" ", r.segments().stream().map(s -> s.text()).toList());
                assertTrue(said.contains("of clubs"), said);
                assertEquals("en", r.language());
                assertTrue(Files.readString(runs.get(0).resolve("transcript.txt")).contains("of clubs"));
                assertEquals(r.segments().size(), r.timelines().stream().mapToInt(t -> t.turns().size()).sum());
                assertEquals(r.timelines(), io.emotrace.output.TimelineJson.read(runs.get(0).resolve("timeline.json")).speakers());
            }
        }
    }

    @Test
    void badFilesAreReportedAndTheOthersStillRun() throws Exception {
        Path wav = SharedTestData.require("data/asr/001.wav");
        Path notes = Files.writeString(dir.resolve("notes.wav"), "minutes of the meeting, not audio");
        Path outputs = dir.resolve("outputs");
        int code = run(new AnalyzeCommand(TestStages::decoderOnly), dir.resolve("missing.flac").toString(),
                notes.toString(), wav.toString(), "--out", outputs.toString());
        assertEquals(1, code, err.toString());
        String e = err.toString();
        assertTrue(e.contains("missing.flac: error [input.not_found]"), e);
        assertTrue(e.contains("notes.wav: error [audio.not_audio]"), e);
        assertTrue(e.contains("2 of 3 input(s) failed"), e);
        // progress went to stderr as plain lines (no terminal here)
        assertTrue(e.contains("decode") && e.contains("100%"), e);
        List<Path> runs = published(outputs);
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).getFileName().toString().matches("001_\\d{8}_\\d{6}"));
        AnalysisResult r = ResultJson.read(runs.get(0).resolve("result.json"));
        try (WavFileSource src = WavFileSource.open(wav)) {
            assertEquals(src.length(), r.processedAudio().samples());
        }
        assertEquals(StageStatus.UNAVAILABLE, r.stages().get(2).status());
        assertTrue(out.toString().matches("(?s).*diarization +unavailable.*"), out.toString());
    }

    @Test
    void startingRemovesRunFoldersACrashLeftOverADayAgo() throws Exception {
        Path outputs = dir.resolve("outputs");
        Path old = RunDirectoryCleanupTest.crashedRun(outputs, "old.wav", Duration.ofDays(2));
        Path young = RunDirectoryCleanupTest.crashedRun(outputs, "young.wav", Duration.ofMinutes(5));
        int code = run(new AnalyzeCommand(TestStages::decoderOnly), dir.resolve("missing.flac").toString(),
                "--out", outputs.toString(), "--no-progress");
        assertEquals(1, code, err.toString());
        assertFalse(Files.exists(old), "a day-old .partial- folder is a crashed run");
        assertTrue(Files.isDirectory(young), "a young one may be another analyze still writing");
        assertTrue(err.toString().contains("removed 1 unfinished run folder(s) older than a day"), err.toString());
    }

    @Test
    void anAsrModelThatIsNotThereIsAUsageErrorBeforeAnyWork() throws Exception {
        Path wav = SharedTestData.require("data/asr/001.wav");
        Path outputs = dir.resolve("outputs");
        int code = run(new AnalyzeCommand(TestStages::decoderOnly), wav.toString(), "--out", outputs.toString(),
                "--asr-model", dir.resolve("vosk-model-small-de-0.15").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("--asr-model: ASR model directory") && err.toString().contains("does not exist"),
                err.toString());
        assertEquals(List.of(), published(outputs));
    }

    @Test
    void nothingToDoIsAUsageError() {
        assertEquals(2, run(new AnalyzeCommand(TestStages::decoderOnly)));
        assertTrue(err.toString().contains("give at least one FILE"));
    }

    @Test
    void progressClockFormat() {
        assertEquals("0:07", ConsoleProgress.clock(7.2));
        assertEquals("2:05", ConsoleProgress.clock(125));
        assertEquals("1:00:01", ConsoleProgress.clock(3601));
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
