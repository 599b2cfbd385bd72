package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.output.FileTrees;
import io.emotrace.web.bench.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real {@code kill -9} of a service process during an analysis: after a restart on the same data directory the
 * upload is intact and the job runs again to the end.
 */
class KillRestartTest {
    @Test
    void analysisKilledWithSigkillIsRerunAfterRestart() throws Exception {
        Path audio = SharedTestData.require("data/librispeech/2609/2609-156975-0007.flac");
        Path data = Files.createTempDirectory("emotrace-kill-test");
        Path log = data.resolveSibling(data.getFileName() + ".log");
        try {
            String id;
            try (ServiceProcess first = ServiceProcess.start(data, "1g", 0, log, 120)) {
                Http http = new Http(first.baseUrl());
                Http.Reply up = http.upload(audio);
                assertEquals(202, up.status(), up.body());
                id = up.json().path("id").asText();
                String status = "queued";
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!status.equals("running") && System.nanoTime() < end) {
                    status = http.get("/api/recordings/" + id).json().path("status").asText();
                    Thread.sleep(20);
                }
                assertEquals("running", status, "caught the analysis while it runs");
                first.kill9();
                assertTrue(!first.alive());
            }
            Path stored = data.resolve("uploads").resolve(id).resolve(audio.getFileName());
            assertEquals(ServiceApiTest.sha256(audio), ServiceApiTest.sha256(stored), "the upload survived intact");
            try (ServiceProcess second = ServiceProcess.start(data, "1g", 0, log, 120)) {
                Http http = new Http(second.baseUrl());
                JsonNode done = http.awaitFinished(id, Duration.ofSeconds(240));
                assertEquals("done", done.path("status").asText(), done.toString());
                assertEquals(200, http.get("/api/recordings/" + id + "/result.json").status());
            }
        } finally {
            FileTrees.delete(data);
            Files.deleteIfExists(log);
        }
    }
}
