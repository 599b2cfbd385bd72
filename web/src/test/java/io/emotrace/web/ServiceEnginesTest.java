package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.output.FileTrees;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.TestStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service's one engine set: loaded once whatever the number of uploads, and a DELETE stops a running job. */
class ServiceEnginesTest {
    @Test
    void statusShowsEveryEngineLoadedOnceAfterManyUploads() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
        try (TestService service = TestService.start("emotrace-status-test")) {
            JsonNode before = service.http().get("/api/status").json();
            assertEquals(5, before.path("engines").size(), before.toString());
            for (JsonNode e : before.path("engines")) {
                assertEquals("not loaded", e.path("state").asText(), e.toString());
                assertEquals(0, e.path("loads").asInt(), e.toString());
            }
            assertEquals(1, before.path("jobs").path("workers").asInt());
            assertFalse(before.path("version").asText().isBlank());
            for (int i = 0; i < 4; i++) {
                String id = service.http().upload(flac).json().path("id").asText();
                JsonNode done = service.http().awaitFinished(id, Duration.ofSeconds(60));
                assertEquals("done", done.path("status").asText(), done.toString());
            }
            String last = service.http().get("/api/recordings").json().path("recordings").get(0).path("id").asText();
            Http.Reply report = service.http().get("/api/recordings/" + last + "/report.html");
            assertEquals(200, report.status(), report.body());
            assertTrue(report.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(report.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"));
            assertTrue(report.body().contains(flac.getFileName().toString()) && report.body().contains("<svg"),
                    "the report names the file and draws the timeline");
            int segments = service.http().get("/api/recordings/" + last + "/timeline").json().path("segments").size();
            Http.Reply csv = service.http().get("/api/recordings/" + last + "/segments.csv");
            assertEquals(200, csv.status(), csv.body());
            assertEquals(segments, csv.body().split("\r\n", -1).length - 2, "header + one row per segment");
            JsonNode after = service.http().get("/api/status").json();
            for (JsonNode e : after.path("engines")) {
                assertEquals("ready", e.path("state").asText(), e.toString());
                assertEquals(1, e.path("loads").asInt(), "loaded once for four uploads: " + e);
                assertFalse(e.path("description").asText().isBlank(), e.toString());
            }
            assertEquals(0, after.path("jobs").path("queued").asInt(), after.toString());
            assertEquals(0, after.path("jobs").path("running").asInt(), after.toString());
        }
    }

    @Test
    void warmStartLoadsEveryEngineBeforeTheFirstUpload() throws Exception {
        try (TestService service = TestService.start("emotrace-warm-test", c -> c.warm(true))) {
            JsonNode status = service.http().get("/api/status").json();
            for (JsonNode e : status.path("engines")) {
                assertEquals("ready", e.path("state").asText(), e.toString());
                assertEquals(1, e.path("loads").asInt(), e.toString());
            }
        }
    }

    @Test
    void deletingARunningRecordingStopsItsCpuWorkWithinASecond() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_02/03-01-01-01-01-01-02.flac");
        TestStages.SlowEmotion slow = new TestStages.SlowEmotion(30);
        StageCatalog stages = StageCatalog.of(List.of(new FfmpegAudioDecoder()), List.of(new TestStages.EnergyVad()),
                List.of(new TestStages.AlternatingDiarizer()), List.of(slow), List.of(), List.of());
        Path data = Files.createTempDirectory("emotrace-cancel-test");
        try (EmotraceServer server = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data), stages,
                List.of())) {
            Http http = new Http(server.baseUrl());
            String id = http.upload(flac).json().path("id").asText();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!slow.started && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(slow.started, "the job reached the slow emotion stage");
            Thread.sleep(300);
            long t0 = System.nanoTime();
            assertEquals(204, http.delete("/api/recordings/" + id).status());
            while (slow.stoppedAtNanos == 0 && System.nanoTime() - t0 < 10_000_000_000L) {
                Thread.sleep(10);
            }
            double stoppedAfter = (slow.stoppedAtNanos - t0) / 1e9;
            assertTrue(slow.stoppedAtNanos != 0 && stoppedAfter < 1.0,
                    "CPU work stopped " + stoppedAfter + " s after the DELETE");
            assertEquals(404, http.get("/api/recordings/" + id).status());
            long end = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(data.resolve("outputs").resolve(id)) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(data.resolve("outputs").resolve(id)), "no outputs left for the deleted recording");
            // the worker releases its slot once the cancelled run has unwound (after the DELETE's answer): bounded wait
            long released = System.nanoTime() + 5_000_000_000L;
            while (http.get("/api/status").json().path("jobs").path("running").asInt() != 0
                    && System.nanoTime() < released) {
                Thread.sleep(20);
            }
            assertEquals(0, http.get("/api/status").json().path("jobs").path("running").asInt());
        } finally {
            FileTrees.delete(data);
        }
    }
}
