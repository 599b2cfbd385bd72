package io.emotrace.web.ws;

import static io.emotrace.web.ws.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.web.EmotraceServer;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.auth.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real /ws endpoint on a running service (tokens required, as off loopback), with a JDK client. */
class WebSocketEndpointTest {
    @TempDir
    static Path data;
    static EmotraceServer server;
    static String token;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = EmotraceServer.start(new ServiceConfig().port(0).dataDir(data).requireTokens(true));
        token = new ApiTokens(server.components().db()).create("ws-test").token();
        server.components().auth().reload();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String ws(String query) {
        return server.baseUrl().replace("http://", "ws://") + "/ws" + query;
    }

    @Test
    void theUpgradeNeedsAToken() {
        CompletionException e = assertThrows(CompletionException.class, () -> HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(ws("")), new java.net.http.WebSocket.Listener() { }).join());
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
        assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        assertThrows(CompletionException.class, () -> HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(ws("?access_token=et_wrong")), new java.net.http.WebSocket.Listener() { })
                .join());
    }

    @Test
    void badInputGetsErrorFramesAndTheConnectionLives() throws Exception {
        try (WsTestClient c = new WsTestClient(HTTP, ws("?access_token=" + token))) {
            c.await(type("hello"), Duration.ofSeconds(10));
            c.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
            assertEquals("ws.too_big", c.await(type("error"), Duration.ofSeconds(10)).get("code").asText());
            c.sendBinary(new byte[] {1, 2, 3});
            assertEquals("live.not_started", c.await(type("error"), Duration.ofSeconds(10)).get("code").asText());
            c.send("][");
            assertEquals("ws.bad_json", c.await(type("error"), Duration.ofSeconds(10)).get("code").asText());
            c.send("{\"type\":\"subscribe\",\"id\":7,\"recording\":\"00000000-0000-0000-0000-000000000000\"}");
            JsonNode nf = c.await(type("error"), Duration.ofSeconds(10));
            assertEquals("ws.not_found", nf.get("code").asText());
            assertEquals(7, nf.get("id").asInt());
            c.send("{\"type\":\"ping\",\"id\":\"still-there\"}");
            assertEquals("still-there", c.await(type("pong"), Duration.ofSeconds(10)).get("id").asText());
        }
    }

    @Test
    void aSubscriberSeesTheWholeAnalysisInOrder() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-05-02-01-01-01.flac");
        HttpResponse<String> up = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/api/recordings?name=angry.flac")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofFile(flac)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, up.statusCode(), up.body());
        String id = WsJson.MAPPER.readTree(up.body()).get("id").asText();
        try (WsTestClient c = new WsTestClient(HTTP, ws("?access_token=" + token))) {
            c.send("{\"type\":\"subscribe\",\"id\":1,\"recording\":\"" + id + "\",\"since\":0}");
            BitSet seqs = new BitSet();
            JsonNode m;
            do {
                m = c.await(x -> x.has("seq") || x.path("type").asText().equals("gap"), Duration.ofMinutes(3));
                assertEquals(id, m.get("recording").asText());
                assertTrue(m.has("seq"), "no gap for a client that keeps up: " + m);
                seqs.set(m.get("seq").asInt());
            } while (!(m.get("type").asText().equals("status") && m.get("status").asText().matches("done|failed")));
            assertEquals("done", m.get("status").asText(), m.toString());
            int last = m.get("seq").asInt();
            assertEquals(last, seqs.cardinality(), "every event 1.." + last + " arrived once: " + seqs);
            c.send("{\"type\":\"timeline\",\"id\":2,\"recording\":\"" + id + "\"}");
            JsonNode t = c.await(type("timeline"), Duration.ofSeconds(30));
            c.send("{\"type\":\"summary\",\"id\":3,\"recording\":\"" + id + "\"}");
            JsonNode s = c.await(type("summary"), Duration.ofSeconds(30));
            assertTrue(t.get("segments").size() > 0, "the emotion stage analysed the speech: " + t);
            double talk = 0;
            for (JsonNode seg : t.get("segments")) {
                talk += seg.get("end").asDouble() - seg.get("start").asDouble();
                assertTrue(seg.hasNonNull("emotion"), seg.toString());
            }
            double summed = 0;
            for (JsonNode sp : s.get("speakers")) {
                summed += sp.get("talkSeconds").asDouble();
            }
            assertEquals(talk, summed, 1e-6, "the summary covers the timeline's talk time");
        }
    }
}
