package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Versioned rule sets over HTTP with the project's rules engine; a PUT re-evaluates stored analyses. */
class RulesApiTest {
    /** Fires on every segment that has an emotion: a rule whose effect a test can see on any real recording. */
    static final String FLAG_EVERY_SEGMENT = """
            {"schemaVersion": 1, "name": "service-test", "version": "1",
             "rules": [{"id": "any-emotion", "when": {"type": "emotion"},
                        "then": [{"type": "flag", "flag": "seen-by-test"}]}]}""";
    static final String BROKEN = """
            {"schemaVersion": 1, "name": "broken", "version": "1",
             "rules": [{"id": "x", "when": {"type": "emotion", "emotions": ["angy"]},
                        "then": [{"type": "flag"}]}]}""";

    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("emotrace-rules-api-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void defaultsValidationVersionsAndReevaluation() throws Exception {
        Http.Reply current = service.http().get("/api/rules");
        assertEquals(200, current.status(), current.body());
        assertEquals(0, current.json().path("version").asInt(), "the shipped default before any PUT");
        assertTrue(current.json().path("rules").path("rules").size() > 0);

        Http.Reply bad = service.http().post("/api/rules/validate", BROKEN);
        assertEquals(200, bad.status(), bad.body());
        assertFalse(bad.json().path("valid").asBoolean());
        String pointers = bad.json().path("problems").toString();
        assertTrue(pointers.contains("/rules/0/when/emotions/0"), pointers);
        assertTrue(pointers.contains("/rules/0/then/0"), "all problems at once: " + pointers);

        Http.Reply rejected = service.http().put("/api/rules", BROKEN);
        assertEquals(422, rejected.status(), rejected.body());
        assertEquals("rules.invalid", rejected.errorCode());
        assertEquals(0, service.http().get("/api/rules").json().path("version").asInt(),
                "a bad document is never applied");
        assertEquals(400, service.http().put("/api/rules", "{not json").status());
        assertEquals(400, service.http().put("/api/rules", "[1,2]").status());
        Http.Reply huge = service.http().put("/api/rules", "{\"x\": \"" + "a".repeat(2 << 20) + "\"}");
        assertEquals(413, huge.status(), "JSON bodies are capped at maxJsonBytes");
        assertEquals("too_large", huge.errorCode());

        Path flac = SharedTestData.require("data/ravdess/Actor_04/03-01-05-02-01-01-04.flac");
        String id = service.http().upload(flac).json().path("id").asText();
        JsonNode done = service.http().awaitFinished(id, Duration.ofSeconds(180));
        assertEquals("done", done.path("status").asText(), done.toString());

        Http.Reply dry = service.http().post("/api/rules/test?recording=" + id, FLAG_EVERY_SEGMENT);
        assertEquals(200, dry.status(), dry.body());
        int segmentsWithEmotion = 0;
        for (JsonNode s : service.http().get("/api/recordings/" + id + "/timeline").json().path("segments")) {
            segmentsWithEmotion += s.path("emotion").isTextual() ? 1 : 0;
        }
        assertTrue(segmentsWithEmotion > 0, "the emotion stage ran on the real file");
        assertEquals(segmentsWithEmotion, dry.json().path("flags").size(), dry.body());

        Http.Reply put = service.http().put("/api/rules", FLAG_EVERY_SEGMENT);
        assertEquals(200, put.status(), put.body());
        assertEquals(1, put.json().path("version").asInt());
        assertEquals(1, service.http().get("/api/rules").json().path("version").asInt());
        assertEquals(1, service.http().get("/api/rules/versions").json().path("versions").size());
        assertEquals("service-test",
                service.http().get("/api/rules/versions/1").json().path("rules").path("name").asText());
        assertEquals(404, service.http().get("/api/rules/versions/7").status());

        service.server().components().rules().awaitIdle(60_000);
        JsonNode flags = service.http().get("/api/recordings/" + id + "/flags").json();
        assertEquals(1, flags.path("rulesVersion").asInt(), flags.toString());
        assertEquals(segmentsWithEmotion, flags.path("flags").size(), flags.toString());
        for (JsonNode f : flags.path("flags")) {
            assertEquals("any-emotion", f.path("rule").asText(), f.toString());
        }
        JsonNode result = Http.JSON.readTree(service.http().getBytes("/api/recordings/" + id + "/result.json"));
        assertEquals(segmentsWithEmotion, result.path("flags").size(), "result.json of the current rules revision");
    }
}
