package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.WavWriter;
import io.emotrace.cli.CliRun;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.output.ResultJson;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.pipeline.DiarizerFactory;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.TestStages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code transcribe} on real speech: per speaker turn with diarization, whole file without, typed errors. */
class TranscribeCommandTest {
    static final TextNormalizer NORM = TextNormalizer.english();
    @TempDir
    static Path dir;
    static Path twoSpeakers;
    static double endA;
    static double startB;

    /** Two real utterances 1.5 s apart, written as one WAV. */
    @BeforeAll
    static void makeInput() throws Exception {
        FfmpegAudioDecoder dec = new FfmpegAudioDecoder();
        float[] a = dec.decodeAll(SharedTestData.require("data/asr/001.wav"));
        float[] b = dec.decodeAll(SharedTestData.require("data/asr/sense_and_sensibility_01_austen_64kb-0930.wav"));
        float[] x = new float[a.length + 24000 + b.length];
        System.arraycopy(a, 0, x, 0, a.length);
        System.arraycopy(b, 0, x, a.length + 24000, b.length);
        endA = a.length / 16000.0;
        startB = endA + 1.5;
        twoSpeakers = dir.resolve("two speakers.wav");
        try (WavWriter w = WavWriter.pcm16(twoSpeakers)) {
            w.write(x);
        }
    }

    /** Known turns, as a diarizer would give them (raw ids, renamed S1/S2 by the command). */
    static final class KnownTurns extends TestStages.SelfContained<Diarizer> implements DiarizerFactory, Diarizer {
        KnownTurns() {
            super("known-turns", "known turns");
        }

        @Override
        public DiarizationResult diarize(AudioSource audio, List<SpeechRegion> speech, ProgressListener p) {
            List<SpeakerTurn> t = List.of(new SpeakerTurn("spk7", 0, endA),
                    new SpeakerTurn("spk3", startB, audio.durationSeconds()));
            return new DiarizationResult(t, t);
        }
    }

    static CliRun run(StageCatalog catalog, String... args) {
        return CliRun.of(new CommandLine(new TranscribeCommand(() -> catalog)), args);
    }

    static StageCatalog catalog(List<DiarizerFactory> diarizers) {
        return StageCatalog.of(List.of(new FfmpegAudioDecoder()), List.of(), diarizers, List.of(), List.of(), List.of());
    }

    @Test
    void wordsPerSpeakerTurnAsJson() throws Exception {
        CliRun r = run(catalog(List.of(new KnownTurns())), twoSpeakers.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = ResultJson.mapper().readTree(r.out());
        assertEquals("diarization", doc.get("segmentation").asText());
        assertEquals("en", doc.get("language").asText());
        JsonNode segs = doc.get("segments");
        assertEquals(2, segs.size());
        assertEquals("S1", segs.get(0).get("speaker").asText());
        assertEquals("S2", segs.get(1).get("speaker").asText());
        assertEquals(List.of("ten", "of", "clubs"), NORM.words(segs.get(0).get("text").asText()));
        assertTrue(WordErrorRate.of(NORM.words("he might even have been made amiable himself"),
                NORM.words(segs.get(1).get("text").asText())) <= 0.25, segs.get(1).toString());
        for (JsonNode w : segs.get(1).get("words")) {
            assertTrue(w.get("start").asDouble() >= startB - 0.3 && w.get("end").asDouble() <= startB + 4, w.toString());
            assertTrue(w.get("confidence").asDouble() > 0);
        }
    }

    @Test
    void plainTextWithoutDiarizationIsOneSegmentOverTheFile() {
        CliRun r = run(catalog(List.of()), twoSpeakers.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("segments from whole-file"), r.err());
        assertTrue(r.err().contains("diarization unavailable"), r.err());
        String line = r.out().strip();
        assertTrue(line.startsWith("[00:00:00.000 - 00:00:"), line);
        assertTrue(line.contains("ten of clubs"), line);
        assertTrue(line.contains("amiable"), line);
    }

    @Test
    void badInputsAndModelsAreTypedErrors() {
        CliRun missing = run(catalog(List.of()), dir.resolve("nope.wav").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("[input.not_found]"), missing.err());
        CliRun badModel = run(catalog(List.of()), twoSpeakers.toString(), "--asr-model", dir.resolve("no-model").toString());
        assertEquals(1, badModel.code());
        assertTrue(badModel.err().contains("[asr.model_missing]"), badModel.err());
        CliRun notAModel = run(catalog(List.of()), twoSpeakers.toString(), "--asr-model", dir.toString());
        assertEquals(1, notAModel.code());
        assertTrue(notAModel.err().contains("[asr.model_invalid]"), notAModel.err());
    }
}
