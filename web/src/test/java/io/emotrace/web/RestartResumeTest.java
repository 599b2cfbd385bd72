package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.output.FileTrees;
import io.emotrace.pipeline.TestStages;
import io.emotrace.vad.VadFactory;
import io.emotrace.vad.VoiceActivityDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An analysis interrupted mid-run (the service stops while a stage is busy, as a crash would leave it) is found
 * 'running' at the next start, requeued and run to the end; the upload it needs is still there.
 */
class RestartResumeTest {
    /** A VAD that parks until interrupted: the job is caught mid-stage when the first service goes away. */
    static final class StuckVad extends TestStages.SelfContained<VoiceActivityDetector>
            implements VadFactory, VoiceActivityDetector {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        StuckVad() {
            super("stuck", "stuck");
        }

        @Override
        public List<SpeechRegion> detect(AudioSource audio) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("released");
        }
    }

    @Test
    void interruptedJobIsRerunAfterRestart() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_03/03-01-01-01-01-01-03.flac");
        Path data = Files.createTempDirectory("emotrace-restart-test");
        var real = ServiceStages.light();
        StuckVad stuck = new StuckVad();
        var stalling = ServiceStages.light(stuck);
        try {
            String id;
            try (EmotraceServer first = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data),
                    stalling, List.of())) {
                Http.Reply up = new Http(first.baseUrl()).upload(flac);
                assertEquals(202, up.status(), up.body());
                id = up.json().path("id").asText();
                assertTrue(stuck.entered.await(60, TimeUnit.SECONDS), "the job reached the VAD stage");
                assertEquals("running", new Http(first.baseUrl()).get("/api/recordings/" + id).json()
                        .path("status").asText());
            }
            try (EmotraceServer second = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data),
                    real, List.of())) {
                JsonNode done = new Http(second.baseUrl()).awaitFinished(id, Duration.ofSeconds(120));
                assertEquals("done", done.path("status").asText(), done.toString());
                int attempts = second.components().db().tx(c -> {
                    try (PreparedStatement p = c.prepareStatement("SELECT attempts FROM jobs WHERE recording_id = ?")) {
                        p.setString(1, id);
                        try (ResultSet r = p.executeQuery()) {
                            r.next();
                            return r.getInt(1);
                        }
                    }
                });
                assertEquals(2, attempts, "started once, interrupted, started again");
                try (var partials = Files.list(data.resolve("outputs").resolve(id))) {
                    assertEquals(1, partials.count(), "exactly one published run, no partial left");
                }
            }
        } finally {
            FileTrees.delete(data);
        }
    }

    @Test
    void deletingARunningAnalysisStopsItAndLeavesNoFiles() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_03/03-01-01-01-01-01-03.flac");
        Path data = Files.createTempDirectory("emotrace-delete-running-test");
        StuckVad stuck = new StuckVad();
        var stalling = ServiceStages.light(stuck);
        try (EmotraceServer server = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data), stalling,
                List.of())) {
            Http http = new Http(server.baseUrl());
            String id = http.upload(flac).json().path("id").asText();
            assertTrue(stuck.entered.await(60, TimeUnit.SECONDS));
            assertEquals(204, http.delete("/api/recordings/" + id).status());
            stuck.release.countDown();
            long end = System.nanoTime() + 60_000_000_000L;
            while (server.components().jobs().inFlight() > 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertEquals(0, server.components().jobs().inFlight(), "the job ended");
            assertEquals(404, http.get("/api/recordings/" + id).status());
            assertTrue(!Files.exists(data.resolve("outputs").resolve(id)), "no outputs left behind");
            assertTrue(!Files.exists(data.resolve("uploads").resolve(id)), "no upload left behind");
        } finally {
            FileTrees.delete(data);
        }
    }
}
