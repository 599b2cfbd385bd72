package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.audio.WavWriter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /api/speakers (enrol, list, delete) and the names of a recording's speakers (rename, outputs). */
class SpeakerApiTest {
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("emotrace-speakers-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static Http.Reply multipart(String name, List<Path> files) throws Exception {
        String boundary = "----emotrace" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (Path f : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + f.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(Files.readAllBytes(f));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return service.http().send(HttpRequest.newBuilder(URI.create(service.server().baseUrl() + "/api/speakers"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void enrolListAndDeleteVoices() throws Exception {
        Path a = SharedTestData.require("data/ravdess/Actor_19/03-01-01-01-01-01-19.flac");
        Path b = SharedTestData.require("data/ravdess/Actor_19/03-01-03-02-01-01-19.flac");
        Path db = service.data().resolve("speakers");
        Http http = service.http();
        assertEquals(0, http.get("/api/speakers").json().path("speakers").size());

        Http.Reply raw = http.postRaw("/api/speakers?name=Zo%C3%AB%20Raw", Files.readAllBytes(a));
        assertEquals(201, raw.status(), raw.body());
        assertEquals("Zoë Raw", raw.json().path("name").asText());
        Http.Reply mp = multipart("Actor Nineteen", List.of(a, b));
        assertEquals(201, mp.status(), mp.body());
        assertTrue(mp.json().path("speechSeconds").asDouble() > 2, mp.body());
        assertEquals(4, files(db), "json + npy per voice under <dataDir>/speakers");

        Http.Reply list = http.get("/api/speakers");
        assertEquals(2, list.json().path("speakers").size(), list.body());
        assertFalse(list.body().contains("vector"), "voiceprints never leave the database: " + list.body());

        assertEquals(400, http.postRaw("/api/speakers?name=S3", Files.readAllBytes(a)).status());
        assertEquals("speakers.bad_name", http.postRaw("/api/speakers", Files.readAllBytes(a)).errorCode());

        String id = mp.json().path("id").asText();
        Http.Reply del = http.delete("/api/speakers/" + id);
        assertEquals(200, del.status(), del.body());
        assertEquals(2, files(db), "its two files are gone");
        assertEquals(404, http.delete("/api/speakers/" + id).status());
        assertEquals(200, http.delete("/api/speakers/Zo%C3%AB%20raw").status(), "by name, any case");
        assertEquals(0, files(db));
    }

    @Test
    void renamingASpeakerOfOneRecordingChangesItsOutputsOnly() throws Exception {
        Path wav = service.data().resolve("two-voices.wav");
        try (WavWriter w = WavWriter.pcm16(wav)) {
            float[] x = new float[16000 * 5];
            for (int i = 0; i < x.length; i++) {
                double t = i / 16000.0;
                boolean on = t > 0.5 && t < 1.5 || t > 2.2 && t < 3.0 || t > 3.6 && t < 4.6;
                x[i] = on ? (float) (0.3 * Math.sin(2 * Math.PI * 220 * t)) : 0f;
            }
            w.write(x);
        }
        Http http = service.http();
        Http.Reply up = http.upload(wav);
        assertEquals(202, up.status(), up.body());
        String id = up.json().path("id").asText();
        assertEquals("done", http.awaitFinished(id, Duration.ofSeconds(120)).path("status").asText());
        String base = "/api/recordings/" + id;

        JsonNode sp = http.get(base + "/speakers").json().path("speakers");
        assertEquals(2, sp.size(), sp.toString());
        assertTrue(sp.get(0).path("name").isNull());

        Http.Reply named = http.put(base + "/speakers/S1", "{\"name\": \"Alice Smith\"}");
        assertEquals(200, named.status(), named.body());
        assertEquals("Alice Smith", named.json().at("/speakers/0/name").asText());
        assertEquals("renamed", named.json().at("/speakers/0/nameSource").asText());

        JsonNode result = Http.JSON.readTree(http.getBytes(base + "/result.json"));
        assertEquals("Alice Smith", result.at("/speakers/0/name").asText());
        assertEquals("S1", result.at("/speakers/0/id").asText(), "the id stays");
        assertEquals("Alice Smith", result.at("/timelines/0/name").asText());
        String rttm = new String(http.getBytes(base + "/rttm"), StandardCharsets.UTF_8);
        assertTrue(rttm.contains(" Alice_Smith ") && rttm.contains(" S2 "), rttm);
        String transcript = new String(http.getBytes(base + "/transcript"), StandardCharsets.UTF_8);
        assertTrue(transcript.contains("] Alice Smith (") && transcript.contains("] S2 ("), transcript);
        assertTrue(new String(http.getBytes(base + "/segments.csv"), StandardCharsets.UTF_8).contains(",Alice Smith,"));
        assertTrue(new String(http.getBytes(base + "/report.html"), StandardCharsets.UTF_8).contains("Alice Smith (S1)"));

        Http.Reply taken = http.put(base + "/speakers/S2", "{\"name\": \"alice smith\"}");
        assertEquals(409, taken.status(), taken.body());
        assertEquals("speakers.name_taken", taken.errorCode());
        Http.Reply noVoice = http.put(base + "/speakers/S2", "{\"name\": \"Bob\", \"enroll\": true}");
        assertEquals("speakers.no_embedding", noVoice.errorCode(), "the test diarizer leaves no embeddings");
        assertEquals(404, http.put(base + "/speakers/S9", "{\"name\": \"Bob\"}").status());
        assertEquals(400, http.put(base + "/speakers/S2", "{\"name\": \"S1\"}").status());
        assertEquals(0, http.get("/api/speakers").json().path("speakers").size(), "a rename enrols nobody");

        assertEquals(200, http.put(base + "/speakers/S1", "{\"name\": null}").status());
        JsonNode back = Http.JSON.readTree(http.getBytes(base + "/result.json"));
        assertTrue(back.at("/speakers/0/name").isNull(), back.at("/speakers/0").toString());
        assertFalse(new String(http.getBytes(base + "/rttm"), StandardCharsets.UTF_8).contains("Alice"));
    }
}
