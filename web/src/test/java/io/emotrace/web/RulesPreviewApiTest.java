package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules editor's preview ({@code POST /api/rules/test?recording=ID}): a draft evaluated on a stored analysis
 * answers every outcome with the segment it fired on, the adjustments and notes, and stores no version.
 */
class RulesPreviewApiTest {
    private static TestService service;
    private static String recording;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("emotrace-rules-preview-test");
        Path flac = SharedTestData.require("data/ravdess/Actor_04/03-01-05-02-01-01-04.flac");
        recording = service.http().upload(flac).json().path("id").asText();
        JsonNode done = service.http().awaitFinished(recording, Duration.ofSeconds(120));
        assertEquals("done", done.path("status").asText(), done.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    /** A draft relabelling and flagging every segment of {@code emotion}, plus a conversation-wide history rule. */
    private static String draft(String emotion) {
        return """
                {"schemaVersion": 1, "name": "draft", "version": "d1",
                 "rules": [
                  {"id": "mark", "when": {"type": "emotion", "emotions": ["%s"]},
                   "then": [{"type": "flag", "flag": "preview-mark"}, {"type": "relabel", "emotion": "neutral"}]},
                  {"id": "quiet", "when": {"type": "silenceAfterQuestion", "minSeconds": 1},
                   "then": [{"type": "alert", "severity": "info"}]}]}""".formatted(emotion);
    }

    @Test
    void previewListsSegmentsAndFlagsOfADraftWithoutStoringAVersion() throws Exception {
        JsonNode segments = service.http().get("/api/recordings/" + recording + "/timeline").json().path("segments");
        String emotion = null;
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String e = segments.get(i).path("emotion").asText(null);
            if (e != null && !e.equals("neutral") && (emotion == null || emotion.equals(e))) {
                emotion = e;
                expected.add(segments.get(i).path("index").asInt(i));
            }
        }
        assertTrue(emotion != null, "the light emotion stage judged a non-neutral segment: " + segments);

        Http.Reply r = service.http().post("/api/rules/test?recording=" + recording, draft(emotion));
        assertEquals(200, r.status(), r.body());
        JsonNode p = r.json();
        assertEquals(recording, p.path("recording").asText());
        assertEquals("draft", p.path("ruleSet").path("name").asText());
        List<Integer> flagged = new ArrayList<>();
        int relabels = 0;
        for (JsonNode o : p.path("outcomes")) {
            assertEquals("mark", o.path("rule").asText(), o.toString());
            if (o.path("action").asText().equals("flag")) {
                assertEquals("preview-mark", o.path("flag").asText());
                flagged.add(o.path("segment").asInt());
            } else {
                assertEquals("relabel", o.path("action").asText());
                assertTrue(o.path("change").asText().contains("neutral"), o.toString());
                relabels++;
            }
            assertTrue(o.path("explanation").path("reason").asText().contains(emotion), o.toString());
        }
        assertEquals(expected, flagged, "one flag per segment of that emotion, with its index");
        assertEquals(expected.size(), relabels);
        assertEquals(expected.size(), p.path("adjustments").size());
        assertEquals(emotion, p.path("adjustments").get(0).path("emotionBefore").asText());
        assertEquals("neutral", p.path("adjustments").get(0).path("emotionAfter").asText());
        assertEquals(expected.size(), p.path("flags").size(), "flags as they would be stored");
        assertTrue(p.path("notes").toString().contains("no transcript") || p.path("notes").isArray(), p.toString());

        assertEquals(0, service.http().get("/api/rules").json().path("version").asInt(), "a preview stores nothing");
        assertEquals(0, service.http().get("/api/rules/versions").json().path("versions").size());
        assertEquals(0, service.http().get("/api/recordings/" + recording + "/flags").json().path("rulesVersion")
                .asInt(0), "the recording's stored flags are untouched");
    }

    @Test
    void anInvalidDraftGetsEveryProblemAndAnUnknownRecording404() throws Exception {
        Http.Reply bad = service.http().post("/api/rules/test?recording=" + recording,
                draft("furious").replace("\"minSeconds\": 1", "\"minSeconds\": -1"));
        assertEquals(422, bad.status(), bad.body());
        assertEquals("rules.invalid", bad.errorCode());
        String problems = bad.json().path("error").path("problems").toString();
        assertTrue(problems.contains("/rules/0/when/emotions/0") && problems.contains("/rules/1/when/minSeconds"),
                problems);
        Http.Reply syntax = service.http().post("/api/rules/test?recording=" + recording, "{\"rules\": [\n  {\"id\": 1,}");
        assertEquals(400, syntax.status(), syntax.body());
        assertEquals("rules.bad_json", syntax.errorCode());
        String where = syntax.json().path("error").path("message").asText();
        assertTrue(where.contains("line 2, column") && !where.contains("Source:"), "where the text breaks: " + where);
        assertEquals(404, service.http().post("/api/rules/test?recording=00000000-0000-0000-0000-000000000000",
                draft("angry")).status());
    }
}
