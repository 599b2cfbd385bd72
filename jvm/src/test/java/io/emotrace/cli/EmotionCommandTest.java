package io.emotrace.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.audio.WavWriter;
import io.emotrace.emotion.Emotion2VecSignature;
import io.emotrace.emotion.standin.Emotion2VecStandIn;
import io.emotrace.emotion.testing.SpeechLike;
import io.emotrace.output.NpyReader;
import io.emotrace.output.NumpyCheck;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The emotion CLI end to end on the generated Emotion2Vec+ stand-in (same signature as the FunASR export). */
class EmotionCommandTest {
    private static final int D = 12;
    private static final Path DIR = Path.of("target", "emotion-cli");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emotion2VecStandIn.Weights weights;
    private static Path inputs;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void setUp() throws Exception {
        Files.createDirectories(DIR);
        weights = Emotion2VecStandIn.generate(DIR, "e2v_stand_in", D, 5);
        inputs = Files.createDirectories(DIR.resolve("in/sub"));
        wav(inputs.getParent().resolve("speech.wav"), SpeechLike.voiced(40_000, 180, 0.3, 1));
        wav(inputs.getParent().resolve("silence.wav"), new float[32_000]);
        wav(inputs.getParent().resolve("short.wav"), SpeechLike.voiced(3_200, 180, 0.3, 2));
        wav(inputs.resolve("noise.wav"), SpeechLike.whiteNoise(32_000, 0.1, 3));
        Files.write(inputs.resolve("broken.wav"), "RIFF not really a wav file at all".getBytes());
    }

    static void wav(Path file, float[] x) throws Exception {
        try (WavWriter w = WavWriter.create(file, 16_000, WavWriter.Encoding.FLOAT32)) {
            w.write(x);
        }
    }

    int run(String... args) {
        return new CommandLine(new EmotionCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private List<JsonNode> jsonLines() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            if (!l.isBlank()) {
                nodes.add(JSON.readTree(l));
            }
        }
        return nodes;
    }

    @Test
    void batchOfFilesGivesOneJsonObjectEachWithReasonsAndTypedErrors() throws Exception {
        Path outDir = DIR.resolve("out-utt");
        int code = run(inputs.getParent().toString(), "--model", weights.onnx().toString(), "--json", "--embeddings",
                "--out", outDir.toString(), "--no-progress");
        assertEquals(1, code, err.toString());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode n : jsonLines()) {
            byName.put(Path.of(n.get("file").asText()).getFileName().toString(), n);
        }
        assertEquals(5, byName.size(), out.toString());
        JsonNode broken = byName.get("broken.wav");
        assertTrue(broken.get("error_code").asText().startsWith("audio."), broken.toString());
        assertTrue(err.toString().contains("broken.wav"));

        JsonNode speech = byName.get("speech.wav");
        JsonNode seg = speech.get("result");
        assertEquals("utterance", seg.get("granularity").asText());
        assertEquals(0.0, seg.get("start").asDouble());
        assertEquals(2.5, seg.get("end").asDouble(), 1e-6);
        assertEquals(9, seg.get("scores").size());
        List<String> keys = new ArrayList<>();
        seg.get("scores").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("angry", "disgusted", "fearful", "happy", "neutral", "other", "sad", "surprised", "unknown"), keys);
        double total = 0;
        double top = 0;
        for (String k : keys) {
            total += seg.get("scores").get(k).asDouble();
            top = Math.max(top, seg.get("scores").get(k).asDouble());
        }
        assertEquals(1.0, total, 1e-4);
        assertEquals(top, seg.get("confidence").asDouble(), 1e-6);
        assertEquals(top, seg.get("scores").get(seg.get("emotion").asText()).asDouble(), 1e-6);
        assertNotNull(seg.get("emotion_zh"));
        assertEquals("[1,12]", speech.get("embedding_shape").toString());
        // embedding.npy is the frame mean of the stand-in's features of the layer-normalised clip
        Path npy = Path.of(speech.get("embedding").asText());
        assertEquals(outDir.resolve("speech/embedding.npy"), npy);
        String[] np = NumpyCheck.load(npy);
        assertEquals("shape=(1, 12) dtype=float32 c=True", np[0]);
        float[] x = SpeechLike.voiced(40_000, 180, 0.3, 1);
        float[] frames = Emotion2VecStandIn.expectedFrames(weights, Emotion2VecSignature.layerNorm(x));
        int t = frames.length / D;
        for (int j = 0; j < D; j++) {
            double m = 0;
            for (int f = 0; f < t; f++) {
                m += frames[f * D + j];
            }
            assertEquals(m / t, Double.parseDouble(np[1 + j]), 1e-4);
        }
        assertTrue(Files.isRegularFile(outDir.resolve("speech/emotion.json")));

        for (String bad : List.of("silence.wav", "short.wav", "noise.wav")) {
            JsonNode r = byName.get(bad).get("result");
            assertEquals("unknown", r.get("emotion").asText(), bad);
            assertEquals(0.0, r.get("confidence").asDouble(), bad);
            assertFalse(r.get("reason").asText().isEmpty(), bad);
        }
        assertTrue(byName.get("silence.wav").get("result").get("reason").asText().startsWith("silence"));
        assertTrue(byName.get("short.wav").get("result").get("reason").asText().contains("too short"));
        assertTrue(byName.get("noise.wav").get("result").get("reason").asText().startsWith("noise"));
        // noise and silence are long enough to run: their embeddings are still written when asked for
        assertTrue(Files.isRegularFile(outDir.resolve("sub/noise/embedding.npy")));
        assertFalse(Files.exists(outDir.resolve("short/embedding.npy")));
    }

    @Test
    void frameModeStreamsChunksOnTheFrameGridWithPerFrameScoresAndACurve() throws Exception {
        // 70 s: chunks of 30 + 30 + 10 s, frames exactly as the front end lays them over the whole file
        int n = 70 * 16_000;
        float[] x = new float[n];
        SpeechLike.voiced(x, 0, 35 * 16_000, 150, 0.3, 1);
        SpeechLike.voiced(x, 35 * 16_000, 35 * 16_000, 400, 0.3, 2);
        Path file = DIR.resolve("long.wav");
        wav(file, x);
        Path outDir = DIR.resolve("out-frame");
        int code = run(file.toString(), "--model", weights.onnx().toString(), "--json", "--granularity", "frame",
                "--out", outDir.toString(), "--no-progress");
        assertEquals(0, code, err.toString());
        JsonNode r = jsonLines().get(0);
        assertEquals("frame", r.get("granularity").asText());
        assertEquals(3, r.get("segments").size());
        int expectedFrames = Emotion2VecSignature.frameCount(n);
        assertEquals(expectedFrames, r.get("frames").get("count").asInt());
        assertEquals("[" + expectedFrames + ",12]", r.get("embedding_shape").toString());
        NpyReader.Array emb = NpyReader.read(outDir.resolve("long/embedding.npy"));
        assertArrayEquals(new long[] {expectedFrames, D}, emb.shape());
        // the model sees the processed audio: the input as 16 kHz PCM16, as analyze writes processed_audio.wav
        for (int i = 0; i < n; i++) {
            x[i] = Math.round(x[i] * 32768f) / 32768f;
        }
        // rows 1499 and 1500 sit on either side of the first chunk boundary: each is its chunk's own frame
        float[] c1 = Arrays.copyOfRange(x, 0, 30 * 16_000 + 400);
        float[] c2 = Arrays.copyOfRange(x, 30 * 16_000, 60 * 16_000 + 400);
        float[] f1 = Emotion2VecStandIn.expectedFrames(weights, Emotion2VecSignature.layerNorm(c1));
        float[] f2 = Emotion2VecStandIn.expectedFrames(weights, Emotion2VecSignature.layerNorm(c2));
        assertArrayEquals(Arrays.copyOfRange(f1, 1499 * D, 1500 * D), Arrays.copyOfRange(emb.data(), 1499 * D, 1500 * D), 1e-4f);
        assertArrayEquals(Arrays.copyOfRange(f2, 0, D), Arrays.copyOfRange(emb.data(), 1500 * D, 1501 * D), 1e-4f);
        NpyReader.Array scores = NpyReader.read(outDir.resolve("long/frame_scores.npy"));
        assertArrayEquals(new long[] {expectedFrames, 9}, scores.shape());
        String[] np = NumpyCheck.load(outDir.resolve("long/frame_scores.npy"));
        assertEquals("shape=(" + expectedFrames + ", 9) dtype=float32 c=True", np[0]);
        // the curve: (70 - 1) / 0.25 + 1 points in the JSON and in track.csv
        assertEquals(277, r.get("track").size());
        assertEquals(278, Files.readAllLines(outDir.resolve("long/track.csv")).size());
    }

    @Test
    void unknownModelIsExitThreeWithTheReason() {
        int code = run(inputs.getParent().resolve("speech.wav").toString(), "--model", "nonexistent-model", "--no-progress");
        assertEquals(3, code);
        assertTrue(err.toString().contains("emotion.model.unknown"), err.toString());
        assertEquals(2, run("/no/such/file.wav"));
    }

    @Test
    void aHeadFileThatIsNoHeadIsABadCommandLineInPlainWords() throws Exception {
        Path bad = Files.writeString(inputs.getParent().resolve("head.json"), "hello");
        int code = run(inputs.getParent().resolve("speech.wav").toString(), "--head", bad.toString(), "--no-progress");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("[emotion.head.read]") && err.toString().contains("Unrecognized token 'hello'"),
                err.toString());
        assertTrue(!err.toString().contains("[Source:"), err.toString());
    }

    @Test
    void aFileCutShortIsAnalysedAndSaidToBeShort() throws Exception {
        float[] x = new float[4 * 16_000];
        SpeechLike.voiced(x, 0, x.length, 150, 0.3, 1);
        Path whole = DIR.resolve("whole-4s.wav");
        wav(whole, x);
        byte[] b = Files.readAllBytes(whole);
        Path cut = DIR.resolve("cut.wav");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - b.length / 2)); // about half the samples lost
        int code = run(cut.toString(), "--model", weights.onnx().toString(), "--json", "--no-progress");
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains(cut + ": warning: the WAV header declares 4.00 s of audio"), err.toString());
        JsonNode line = jsonLines().get(0);
        assertTrue(line.get("warnings").get(0).asText().contains("the file was cut short"), line.toString());
    }

    @Test
    void badCurveOptionsAreRefusedByName() {
        String speech = inputs.getParent().resolve("speech.wav").toString();
        assertEquals(2, run(speech, "--track", "--hop", "0", "--no-progress"));
        assertTrue(err.toString().contains("--hop: seconds above 0, not 0.0"), err.toString());
        assertEquals(2, run(speech, "--track", "--window", "NaN", "--no-progress"));
        assertTrue(err.toString().contains("--window: seconds above 0, not NaN"), err.toString());
        assertEquals(2, run(speech, "--track", "--smooth", "-5", "--no-progress"));
        assertTrue(err.toString().contains("--smooth: seconds, 0 or more, not -5.0"), err.toString());
    }
}
