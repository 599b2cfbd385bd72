package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API against a real server on a free loopback port, real stages from the classpath, real files. */
class ServiceApiTest {
    private static final long LIMIT = 3_000_000;
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("emotrace-service-test", c -> c.maxUploadBytes(LIMIT));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void uploadsARealFileAnalysesItAndServesItsOutputs() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
        Http.Reply up = service.http().upload(flac);
        assertEquals(202, up.status(), up.body());
        String id = up.json().path("id").asText();
        assertEquals("/api/recordings/" + id, up.headers().firstValue("location").orElse(null));

        JsonNode done = service.http().awaitFinished(id, Duration.ofSeconds(120));
        assertEquals("done", done.path("status").asText(), done.toString());
        assertEquals(3.3, done.path("durationSeconds").asDouble(), 0.1);
        JsonNode stages = done.path("summary").path("stages");
        assertEquals("decode", stages.get(0).path("name").asText());
        assertEquals("ok", stages.get(0).path("status").asText());
        for (JsonNode s : stages) {
            // every stage is reported as what it was: ok, unavailable with a reason, or failed with the error
            assertTrue(List.of("ok", "unavailable", "failed").contains(s.path("status").asText()), s.toString());
            assertFalse(s.path("detail").asText().isBlank(), s.toString());
            // the service wraps the emotion engine for live events: the wrapper must keep its sliding-window curve
            if (s.path("name").asText().equals("emotion-track")) {
                assertEquals("ok", s.path("status").asText(), s.toString());
            }
        }

        JsonNode result = Http.JSON.readTree(service.http().getBytes("/api/recordings/" + id + "/result.json"));
        assertEquals(sha256(flac), result.path("input").path("sha256").asText(), "the stored upload is intact");
        assertEquals(16000, result.path("processedAudio").path("sampleRate").asInt());
        // the recording's summary says how sure the speaker count is, as result.json does
        assertTrue(result.path("speakerCount").isObject(), result.toString());
        assertEquals(result.path("speakerCount"), done.path("summary").path("speakerCount"));

        Http.Reply timeline = service.http().get("/api/recordings/" + id + "/timeline?from=0&to=2");
        assertEquals(200, timeline.status(), timeline.body());
        assertEquals(result.path("segments").size() == 0, timeline.json().path("segments").isEmpty());
        assertTrue(service.http().get("/api/recordings").body().contains(id));

        Path upload = service.data().resolve("uploads").resolve(id);
        assertTrue(Files.isDirectory(upload));
        assertEquals(204, service.http().delete("/api/recordings/" + id).status());
        assertFalse(Files.exists(upload), "upload removed");
        assertFalse(Files.exists(service.data().resolve("outputs").resolve(id)), "outputs removed");
        assertEquals(404, service.http().get("/api/recordings/" + id).status());
        assertEquals(404, service.http().delete("/api/recordings/" + id).status());
    }

    @Test
    void rawBodyUploadStoresASanitisedName() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_02/03-01-01-01-01-01-02.flac");
        Http.Reply up = service.http().postRaw("/api/recordings?name=..%2F..%2Fevil%20name.flac",
                Files.readAllBytes(flac));
        assertEquals(202, up.status(), up.body());
        String id = up.json().path("id").asText();
        assertEquals("evil_name.flac", up.json().path("fileName").asText());
        assertTrue(Files.isRegularFile(service.data().resolve("uploads").resolve(id).resolve("evil_name.flac")));
        service.http().awaitFinished(id, Duration.ofSeconds(120));
    }

    @Test
    void badUploadsGetTypedErrors() throws Exception {
        Http.Reply empty = service.http().postRaw("/api/recordings?name=x.wav", new byte[0]);
        assertEquals(400, empty.status(), empty.body());
        assertEquals("audio.empty", empty.errorCode());

        byte[] noise = new byte[50_000];
        new Random(1).nextBytes(noise);
        Http.Reply notAudio = service.http().uploadBytes("looks-like.wav", noise);
        assertEquals(415, notAudio.status(), notAudio.body());
        assertEquals("audio.not_audio", notAudio.errorCode());

        Http.Reply text = service.http().postRaw("/api/recordings?name=a.mp3", "hello, not audio".getBytes());
        assertEquals(415, text.status(), text.body());

        byte[] big = new byte[(int) LIMIT + 10];
        Http.Reply declared = service.http().postRaw("/api/recordings?name=big.wav", big);
        assertEquals(413, declared.status(), declared.body());
        assertEquals("too_large", declared.errorCode());
        Http.Reply multipart = service.http().uploadBytes("big.wav", new byte[(int) LIMIT + 200_000]);
        assertEquals(413, multipart.status(), multipart.body());

        Http.Reply noFile = service.http().post("/api/recordings", "{}");
        assertEquals(415, noFile.status(), noFile.body());
        // nothing of the refused uploads is left behind
        try (var tmp = Files.list(service.data().resolve("uploads").resolve(".tmp"))) {
            assertEquals(0, tmp.count());
        }
    }

    @Test
    void chunkedOversizeUploadIsCutOff() throws Exception {
        Http.Reply r;
        try {
            r = service.http().postChunked("/api/recordings?name=big.wav", new byte[(int) LIMIT * 2]);
        } catch (java.io.IOException e) {
            return; // the server may close the connection before the client reads the 413: also a refusal
        }
        assertEquals(413, r.status(), r.body());
    }

    @Test
    void traversalAndMalformedIdsAreRejected() throws Exception {
        for (String path : List.of("/api/recordings/..%2F..%2Fetc%2Fpasswd", "/api/recordings/%2e%2e/x",
                "/api/recordings/abc", "/api/recordings/00000000-0000-0000-0000-000000000000",
                "/api/recordings/00000000-0000-0000-0000-000000000000/embeddings/..%2Fx.npy",
                "/api/recordings/00000000-0000-0000-0000-000000000000/result.json")) {
            Http.Reply r = service.http().get(path);
            assertTrue(r.status() == 400 || r.status() == 404, path + " -> " + r.status());
            assertNotNull(r.errorCode(), path + ": typed error body, got " + r.body());
        }
        Http.Reply speaker = service.http()
                .get("/api/recordings/00000000-0000-0000-0000-000000000000/timeline?speaker=../x");
        assertEquals(400, speaker.status(), speaker.body());
        Http.Reply from = service.http().get("/api/recordings/00000000-0000-0000-0000-000000000000/timeline?from=NaN");
        assertEquals(400, from.status(), from.body());
        Http.Reply unknown = service.http().get("/api/nothing-here");
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.errorCode());
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        Http.Reply r = service.http().get("/api/openapi.json");
        assertEquals(200, r.status());
        assertEquals("3.0.3", r.json().path("openapi").asText());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
