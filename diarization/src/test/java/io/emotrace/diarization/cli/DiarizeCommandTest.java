package io.emotrace.diarization.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.SharedTestData;
import io.emotrace.audio.WavWriter;
import io.emotrace.cli.CliRun;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.output.NpyReader;
import io.emotrace.pipeline.DiarizerFactory;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./emotrace diarize} end to end (real VAD and segmentation; the test-double embedder by name). */
class DiarizeCommandTest {
    private static final String EMB = "test-spectral-stats";

    @TempDir
    Path dir;

    private Path wav(String name, float[] x) throws Exception {
        Path p = dir.resolve(name);
        try (WavWriter w = WavWriter.pcm16(p)) {
            w.write(x);
        }
        return p;
    }

    /** 30 s of two RAVDESS voices talking in turns. */
    private static SimulatedMeeting twoVoices() throws Exception {
        return MeetingSimulator.create(MeetingConfig.builder().dataRoot(SharedTestData.require("data"))
                .corpora(List.of("ravdess")).onlySpeakers(Set.of("ravdess-01", "ravdess-02")).speakers(2, 2)
                .durationSeconds(30).seed(5).build()).simulate(0);
    }

    @Test
    void writesRttmCentroidsAndJson() throws Exception {
        SharedTestData.require("models/pyannote-segmentation-3.0/model.int8.onnx");
        SimulatedMeeting m = twoVoices();
        Path in = wav("two voices.wav", m.audio());
        Path rttm = dir.resolve("out.rttm");
        Path npy = dir.resolve("centroids.npy");
        CliRun r = CliRun.main("diarize", in.toString(), "--rttm", rttm.toString(), "--centroids", npy.toString(),
                "--embedder", EMB, "--speakers", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(2, root.get("speakers").size());
        assertEquals("S1", root.get("speakers").get(0).get("id").asText());
        assertTrue(root.get("overlapping").size() > 0);
        assertTrue(root.get("stats").get("real_time_factor").asDouble() > 0);
        List<RttmTurn> turns = RttmReader.read(rttm);
        assertEquals(Set.of("S1", "S2"), Set.copyOf(turns.stream().map(RttmTurn::speaker).toList()));
        assertEquals("two_voices", turns.get(0).fileId());
        NpyReader.Array c = NpyReader.read(npy);
        assertEquals(2, c.shape()[0]);
        assertEquals(80, c.shape()[1]);

        CliRun text = CliRun.main("diarize", in.toString(), "--embedder", EMB, "--max-speakers", "3");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("real-time factor"), text.out());
    }

    @Test
    void theProjectModelSaysHowSureEachTurnIsAndAFixedCountSaysWhyNot() throws Exception {
        SharedTestData.require("models/pyannote-segmentation-3.0/model.int8.onnx");
        SimulatedMeeting m = twoVoices();
        Path in = wav("two.wav", m.audio());
        Path rttm = dir.resolve("c.rttm");
        CliRun r = CliRun.main("diarize", in.toString(), "--embedder", "project", "--rttm", rttm.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertTrue(root.get("method").asText().endsWith("; turn confidence calibrated"), root.get("method").asText());
        assertTrue(root.get("exclusive").size() > 0);
        for (JsonNode t : root.get("exclusive")) {
            double c = t.get("confidence").asDouble(-1);
            assertTrue(c >= 0 && c <= 1, t.toString());
        }
        for (JsonNode s : root.get("speakers")) {
            assertTrue(s.has("confidence"), s.toString());
        }
        for (String line : Files.readAllLines(rttm)) {
            double c = Double.parseDouble(line.split(" ")[8]); // the RTTM's confidence column
            assertTrue(c >= 0 && c <= 1, line);
        }
        CliRun text = CliRun.main("diarize", in.toString(), "--embedder", "project");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("confidence 0.") || text.out().contains("confidence 1.0"), text.out());
        assertTrue(text.out().contains("speech whose voice is less than 50 % sure: "), text.out());

        CliRun fixed = CliRun.main("diarize", in.toString(), "--embedder", "project", "--speakers", "2", "--json");
        assertEquals(0, fixed.code(), fixed.err());
        JsonNode f = new ObjectMapper().readTree(fixed.out());
        assertTrue(f.get("method").asText().endsWith("; no turn confidence: calibrated for a count the diarizer decides"),
                f.get("method").asText());
        assertTrue(!f.get("exclusive").get(0).has("confidence"), f.get("exclusive").get(0).toString());
        CliRun other = CliRun.main("diarize", in.toString(), "--embedder", EMB, "--json");
        assertEquals(0, other.code(), other.err());
        assertTrue(new ObjectMapper().readTree(other.out()).get("method").asText()
                .endsWith("; no turn confidence: the speaker model has no attribution calibration"), other.out());
    }

    @Test
    void silenceGivesAnEmptyRttm() throws Exception {
        SharedTestData.require("models/pyannote-segmentation-3.0/model.int8.onnx");
        Path in = wav("silence.wav", new float[16000 * 3]);
        Path rttm = dir.resolve("s.rttm");
        CliRun r = CliRun.main("diarize", in.toString(), "--rttm", rttm.toString(), "--embedder", EMB, "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, new ObjectMapper().readTree(r.out()).get("speakers").size());
        assertEquals("", Files.readString(rttm));
        assertTrue(!r.err().contains("warning"), r.err());

        CliRun asked = CliRun.main("diarize", in.toString(), "--embedder", EMB, "--speakers", "2");
        assertEquals(0, asked.code(), asked.err());
        assertTrue(asked.err().contains("warning: 2 speakers asked for, 0 found"), asked.err());
    }

    @Test
    void anUnmetCountIsSaidAndAMetOneIsNot() {
        assertEquals(null, DiarizeCommand.unmetCount(io.emotrace.diarization.clustering.SpeakerCount.exactly(2), 2));
        assertEquals(null, DiarizeCommand.unmetCount(io.emotrace.diarization.clustering.SpeakerCount.AUTO, 0));
        String more = DiarizeCommand.unmetCount(io.emotrace.diarization.clustering.SpeakerCount.exactly(5), 1);
        assertTrue(more.startsWith("5 speakers asked for, 1 found: the recording holds too few"), more);
        String fewer = DiarizeCommand.unmetCount(new io.emotrace.diarization.clustering.SpeakerCount(1, 2), 3);
        assertTrue(fewer.startsWith("1..2 speakers asked for, 3 found: no partition into fewer"), fewer);
    }

    @Test
    void badInputsAreMessagesNotCrashes() throws Exception {
        Path junk = dir.resolve("junk.wav");
        Files.writeString(junk, "not audio at all", StandardCharsets.UTF_8);
        CliRun r = CliRun.main("diarize", junk.toString(), "--embedder", EMB);
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("emotrace diarize: error ["), r.err());

        CliRun missing = CliRun.main("diarize", dir.resolve("nope.flac").toString(), "--embedder", EMB);
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("input.not_found"), missing.err());

        CliRun both = CliRun.main("diarize", junk.toString(), "--speakers", "2", "--min-speakers", "1");
        assertEquals(2, both.code());
        CliRun inverted = CliRun.main("diarize", junk.toString(), "--min-speakers", "3", "--max-speakers", "2");
        assertEquals(2, inverted.code());

        Path speech = wav("s.wav", new float[1600]);
        CliRun noFolder = CliRun.main("diarize", speech.toString(), "--embedder", EMB, "--rttm",
                dir.resolve("no/such/x.rttm").toString());
        assertEquals(1, noFolder.code());
        assertTrue(noFolder.err().contains("[output.write_failed] cannot write " + dir.resolve("no/such/x.rttm")
                + ": its folder " + dir.resolve("no/such") + " does not exist"), noFolder.err());
        CliRun intoAFolder = CliRun.main("diarize", speech.toString(), "--embedder", EMB, "--centroids", dir.toString());
        assertEquals(1, intoAFolder.code());
        assertTrue(intoAFolder.err().contains("it is a folder"), intoAFolder.err());

        CliRun unknown = CliRun.main("diarize", wav("s.wav", new float[1600]).toString(), "--embedder", "no-such-model");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("diarization.embedder_unknown"), unknown.err());
    }

    @Test
    void analyzeFindsTheDiarizerThroughServiceLoader() {
        StageCatalog.Choice<?> choice = StageCatalog.fromClasspath().diarizer();
        assertTrue(choice.available(), String.valueOf(choice.reason()));
        assertTrue(choice.factory() instanceof DiarizerFactory);
        assertEquals("speaker-diarizer", choice.factory().name());
    }
}
