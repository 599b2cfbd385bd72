package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.domain.RuleFlag;
import io.emotrace.output.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a ServiceExtension's AnalysisEvents listener sees for one real analysis: status changes, progress per
 * stage, the emotion stage's segments before the outputs are written, and the end.
 */
class EventsContractTest {
    static final class Recorder implements AnalysisEvents, ServiceExtension {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<SegmentEvent> segments = new CopyOnWriteArrayList<>();
        volatile ServiceContext context;

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void mount(ServiceContext ctx) {
            context = ctx;
            ctx.events().add(this);
        }

        @Override
        public void status(String id, String status) {
            log.add("status:" + status);
        }

        @Override
        public void progress(String id, String stage, double fraction, String message) {
            log.add("progress:" + stage);
        }

        @Override
        public void segment(String id, SegmentEvent segment) {
            log.add("segment:" + segment.stage());
            segments.add(segment);
        }

        @Override
        public void flag(String id, RuleFlag flag) {
            log.add("flag");
        }

        @Override
        public void done(String id) {
            log.add("done");
        }
    }

    @Test
    void listenerSeesTheAnalysisAsItHappens() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_06/03-01-05-02-01-01-06.flac");
        Path data = Files.createTempDirectory("emotrace-events-test");
        Recorder rec = new Recorder();
        try (EmotraceServer server = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data),
                ServiceStages.light(), List.of(rec))) {
            Http http = new Http(server.baseUrl());
            String id = http.upload(flac).json().path("id").asText();
            assertEquals("done", http.awaitFinished(id, Duration.ofSeconds(180)).path("status").asText());
            long end = System.nanoTime() + 5_000_000_000L;
            while (!rec.log.contains("done") && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            List<String> log = List.copyOf(rec.log);
            assertEquals("status:queued", log.get(0), log.toString());
            assertTrue(log.contains("status:running"), log.toString());
            assertEquals("done", log.get(log.size() - 1), log.toString());
            assertTrue(log.indexOf("progress:decode") < log.indexOf("progress:outputs"), log.toString());
            assertFalse(rec.segments.isEmpty(), "the emotion stage published its segments: " + log);
            assertTrue(log.indexOf("segment:emotion") < log.indexOf("progress:outputs"),
                    "segments arrive when their stage returns, before outputs are written: " + log);
            SegmentEvent first = rec.segments.get(0);
            assertTrue(first.end() > first.start());
            assertEquals(9, first.scores().size(), "all nine emotion scores");
            // the same segments are then queryable through the context the extension got
            assertEquals(rec.segments.stream().filter(s -> s.stage().equals("emotion")).count(),
                    rec.context.queries().timeline(id, null, null, null).toCompletionStage().toCompletableFuture()
                            .get().size());
        } finally {
            FileTrees.delete(data);
        }
    }
}
