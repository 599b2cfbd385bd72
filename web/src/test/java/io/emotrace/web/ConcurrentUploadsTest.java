package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.SharedTestData;
import io.emotrace.output.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * More simultaneous uploads than the job pool's hand-off queue holds: every one is accepted, stored intact and
 * analysed (the database is the queue). Decode-only stages keep it fast; the queueing is what is tested.
 */
class ConcurrentUploadsTest {
    @Test
    void twentyConcurrentUploadsAreAllAnalysed() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_05/03-01-01-01-01-01-05.flac");
        String sha = ServiceApiTest.sha256(flac);
        Path data = Files.createTempDirectory("emotrace-concurrent-test");
        var decodeOnly = ServiceStages.decodeOnly();
        try (EmotraceServer server = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data)
                .rateLimit(1000, 1000), decodeOnly, List.of())) {
            Http http = new Http(server.baseUrl());
            List<CompletableFuture<Http.Reply>> uploads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                uploads.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return http.upload(flac);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            Set<String> ids = new TreeSet<>();
            for (CompletableFuture<Http.Reply> f : uploads) {
                Http.Reply r = f.get();
                assertEquals(202, r.status(), r.body());
                ids.add(r.json().path("id").asText());
            }
            assertEquals(20, ids.size());
            for (String id : ids) {
                assertEquals("done", http.awaitFinished(id, Duration.ofSeconds(120)).path("status").asText());
                assertEquals(sha, Http.JSON.readTree(http.getBytes("/api/recordings/" + id + "/result.json"))
                        .path("input").path("sha256").asText());
            }
        } finally {
            FileTrees.delete(data);
        }
    }
}
