package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.output.NpyReader;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.AnalysisRun;
import io.emotrace.pipeline.EngineState;
import io.emotrace.pipeline.EngineStatus;
import io.emotrace.pipeline.Engines;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.domain.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-model end-to-end set (every provider on the classpath: Silero VAD, pyannote segmentation, the speaker
 * embedder, the emotion model, Vosk, the JSON rules): slower, so kept apart from the API tests, which run on light
 * test stages.
 */
class EnginesRealModelsTest {
    @TempDir
    Path dir;

    /**
     * An Arrow-style leak check: one engine set loaded, used and closed first (so process-wide native singletons
     * exist), then a second full cycle must leave JavaCPP's count of live native allocations where it found it.
     * The closed engine set stays strongly reachable during the count, so only close() can have freed its models.
     */
    @Test
    void engineSetLeavesNothingNativeBehindAfterClose() throws Exception {
        Path input = SharedTestData.require("data/ravdess/Actor_03/03-01-05-02-01-01-03.flac");
        Engines warm = Engines.fromClasspath();
        use(warm, input, dir.resolve("warmup"));
        warm.close();
        settle();
        long count = Pointer.totalCount();
        long bytes = Pointer.totalBytes();
        Engines engines = Engines.fromClasspath();
        engines.warm();
        settle();
        long loaded = Pointer.totalCount() - count;
        assertTrue(loaded > 0, "the loaded models hold native memory");
        use(engines, input, dir.resolve("measured"));
        for (EngineStatus s : engines.status()) {
            assertEquals(EngineState.READY, s.state(), s.toString());
            assertEquals(1, s.loads(), "two runs, one load: " + s);
        }
        settle();
        long beforeClose = Pointer.totalCount();
        engines.close();
        long released = beforeClose - Pointer.totalCount(); // no GC in between: only close() frees here
        assertTrue(released >= loaded, "close() itself released " + released + " native allocations of the "
                + loaded + " loading made");
        settle();
        long leftCount = Pointer.totalCount() - count;
        long leftBytes = Pointer.totalBytes() - bytes;
        assertTrue(engines.status().stream().allMatch(s -> s.state() == EngineState.CLOSED));
        assertTrue(leftCount <= 0, "native allocations left after close(): " + leftCount + " (" + leftBytes
                + " bytes)");
        assertTrue(leftBytes <= 0, "native bytes left after close(): " + leftBytes);
    }

    /** Lets the GC and JavaCPP's deallocator thread free whatever is unreachable, so only held memory counts. */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    /** Analyses the input twice with every engine and checks what a full run leaves in its folder. */
    private static void use(Engines engines, Path input, Path out) throws Exception {
        AnalysisPipeline pipeline = new AnalysisPipeline(engines);
        for (int i = 0; i < 2; i++) {
            AnalysisRun run = pipeline.run(input, out, ProgressListener.NONE);
            for (var s : run.result().stages()) {
                assertEquals(StageStatus.OK, s.status(), s.toString());
            }
            assertFalse(run.result().speakers().isEmpty());
            for (var seg : run.result().segments()) { // the shipped speaker model's calibration holds: every turn says
                assertTrue(seg.speakerConfidence() != null && seg.speakerConfidence() >= 0
                        && seg.speakerConfidence() <= 1, seg.toString());
            }
            for (var sp : run.result().speakers()) {
                Path npy = run.directory().resolve("embeddings").resolve(sp.id() + ".npy");
                assertTrue(Files.isRegularFile(npy), "the diarizer's centroid of " + sp.id() + " was written");
                float[] v = NpyReader.read(npy).data();
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                assertEquals(1.0, norm, 1e-3, "unit length");
            }
            assertTrue(Files.isRegularFile(run.directory().resolve("rules.json")));
        }
    }

    /** The service on the real models: a real upload is analysed by every stage and every engine loads once. */
    @Test
    void serviceAnalysesRealSpeechWithEveryStageAndLoadsEachModelOnce() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
        Path data = Files.createTempDirectory("emotrace-real-models-test");
        try (EmotraceServer server = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data),
                ServiceStages.real(), java.util.List.of())) {
            Http http = new Http(server.baseUrl());
            for (int i = 0; i < 2; i++) {
                String id = http.upload(flac).json().path("id").asText();
                JsonNode done = http.awaitFinished(id, Duration.ofSeconds(180));
                assertEquals("done", done.path("status").asText(), done.toString());
                JsonNode segs = http.get("/api/recordings/" + id + "/timeline").json().path("segments");
                assertTrue(segs.size() > 0 && segs.get(0).path("speakerConfidence").isNumber(), segs.toString());
                for (JsonNode s : done.path("summary").path("stages")) {
                    if (!s.path("name").asText().equals("emotion-track")) {
                        assertEquals("ok", s.path("status").asText(), s.toString());
                    }
                }
            }
            for (JsonNode e : http.get("/api/status").json().path("engines")) {
                assertEquals(1, e.path("loads").asInt(), e.toString());
            }
        } finally {
            io.emotrace.output.FileTrees.delete(data);
        }
    }
}
