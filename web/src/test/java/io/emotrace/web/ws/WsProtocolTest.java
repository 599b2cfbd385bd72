package io.emotrace.web.ws;

import static io.emotrace.web.ws.WsFixtures.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.domain.RuleFlag;
import io.emotrace.web.RecordingQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WsProtocolTest {
    private final AtomicLong nanos = new AtomicLong();
    private final WsLimits limits = new WsLimits(1024, 64, 1 << 20, Duration.ofSeconds(10), 100, 2, 5);
    private final EventHub hub = new EventHub(limits, System::currentTimeMillis);
    private final RecordingQueries store = new WsFixtures.Store(Map.of("rec1", "done"), Map.of("rec1", List.of(
            seg(0, "S1", 0, 10, "angry", 0.9),
            seg(1, "S2", 10, 14, "happy", 0.8),
            seg(2, "S1", 14, 20, "neutral", 0.7),
            seg(3, "S1", 20, 30, "angry", 0.6))),
            Map.of("rec1", List.of(new RuleFlag("anger", "warning", "S1", 0, 10, "angry"),
                    new RuleFlag("anger", "warning", "S1", 20, 30, "angry"))));
    private final WsProtocol protocol = new WsProtocol(hub, store, nanos::get);
    private final FakeTransport t = new FakeTransport();
    private final WsSession s = protocol.open("c1", t);

    private JsonNode send(String text) {
        int before = t.written.size();
        protocol.onText(s, text);
        assertTrue(t.written.size() > before, "every message gets an answer: " + text);
        return t.last();
    }

    private static void assertError(JsonNode reply, String code) {
        assertEquals("error", reply.get("type").asText(), reply.toString());
        assertEquals(code, reply.get("code").asText(), reply.toString());
        assertFalse(reply.get("message").asText().isBlank());
    }

    @Test
    void greetsWithTheProtocolVersionAndLimits() {
        JsonNode hello = t.messages().get(0);
        assertEquals("hello", hello.get("type").asText());
        assertEquals(WsProtocol.VERSION, hello.get("protocol").asInt());
        assertEquals(1024, hello.get("limits").get("maxMessageBytes").asInt());
    }

    @Test
    void malformedMessagesGetErrorFramesAndTheConnectionStays() {
        assertError(send("{not json"), "ws.bad_json");
        assertError(send("[1,2]"), "ws.bad_message");
        assertError(send("{\"id\":1}"), "ws.bad_message");
        assertError(send("{\"type\":\"explode\",\"id\":\"q9\"}"), "ws.unknown_type");
        assertEquals("q9", t.last().get("id").asText(), "errors echo the request id");
        assertError(send("{\"type\":\"subscribe\",\"recording\":\"../../etc\"}"), "ws.bad_message");
        assertError(send("{\"type\":\"subscribe\",\"recording\":\"rec1\",\"speakers\":\"S1\"}"), "ws.bad_message");
        assertError(send("{\"type\":\"ping\",\"id\":{\"a\":1}}"), "ws.bad_message");
        assertFalse(s.isClosed());
    }

    @Test
    void tooBigMessagesAreRefusedUnread() {
        assertError(send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}"), "ws.too_big");
        // multi-byte characters count in bytes, not chars
        assertError(send("{\"type\":\"ping\",\"pad\":\"" + "é".repeat(600) + "\"}"), "ws.too_big");
    }

    @Test
    void aFloodIsRateLimited() {
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            if (send("{\"type\":\"ping\",\"id\":" + i + "}").get("type").asText().equals("error")) {
                assertError(t.last(), "ws.rate_limited");
                limited++;
            }
        }
        assertEquals(20, limited, "burst of 10 at 5/s with the clock stopped");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals("pong", send("{\"type\":\"ping\",\"id\":99}").get("type").asText());
    }

    @Test
    void pingIsAnsweredWithTheSameId() {
        JsonNode pong = send("{\"type\":\"ping\",\"id\":\"abc\"}");
        assertEquals("pong", pong.get("type").asText());
        assertEquals("abc", pong.get("id").asText());
    }

    @Test
    void subscribingToAnUnknownRecordingIsNotFound() {
        assertError(send("{\"type\":\"subscribe\",\"id\":1,\"recording\":\"nope\"}"), "ws.not_found");
        assertEquals(0, hub.subscriberCount("nope"));
    }

    @Test
    void subscribeAcknowledgesThenStreamsAndUnsubscribeStops() {
        JsonNode ack = send("{\"type\":\"subscribe\",\"id\":1,\"recording\":\"rec1\",\"speakers\":[\"S1\"]}");
        assertEquals("subscribed", ack.get("type").asText());
        assertEquals("done", ack.get("status").asText());
        assertEquals(0, ack.get("lastSeq").asLong());
        hub.segment("rec1", seg(9, "S1", 40, 41, "sad", 0.5));
        assertEquals(1, t.ofType("segment").size());
        JsonNode un = send("{\"type\":\"unsubscribe\",\"id\":2,\"recording\":\"rec1\"}");
        assertTrue(un.get("wasSubscribed").asBoolean());
        hub.segment("rec1", seg(9, "S1", 41, 42, "sad", 0.5));
        assertEquals(1, t.ofType("segment").size());
    }

    @Test
    void subscriptionsPerConnectionAreBounded() {
        // rec1 only exists; the limit is checked before the lookup
        send("{\"type\":\"subscribe\",\"recording\":\"rec1\"}");
        hub.subscribe(s, "other", java.util.Set.of(), -1, last -> Outbound.essential("{\"type\":\"x\"}"));
        assertError(send("{\"type\":\"subscribe\",\"recording\":\"third\"}"), "ws.too_many_subscriptions");
    }

    @Test
    void timelineQueryReturnsTheSpeakersSegmentsAndFlagsInTheRange() {
        JsonNode r = send("{\"type\":\"timeline\",\"id\":3,\"recording\":\"rec1\",\"speaker\":\"S1\",\"from\":12,"
                + "\"to\":25}");
        assertEquals("timeline", r.get("type").asText());
        assertEquals(3, r.get("id").asInt());
        List<Double> starts = new java.util.ArrayList<>();
        r.get("segments").forEach(x -> starts.add(x.get("start").asDouble()));
        assertEquals(List.of(14.0, 20.0), starts);
        assertEquals(1, r.get("flags").size());
        assertEquals(20.0, r.get("flags").get(0).get("start").asDouble());
    }

    @Test
    void summaryQueryReturnsTheServicesPerSpeakerFigures() {
        JsonNode r = send("{\"type\":\"summary\",\"id\":4,\"recording\":\"rec1\",\"from\":0}");
        assertEquals("summary", r.get("type").asText());
        JsonNode speakers = r.get("speakers");
        assertEquals(2, speakers.size());
        JsonNode s1 = speakers.get(0);
        assertEquals("S1", s1.get("speaker").asText());
        assertEquals(26.0, s1.get("talkSeconds").asDouble(), 1e-9);
        assertEquals("angry", s1.get("dominantEmotion").asText());
        assertEquals(20.0 / 26, s1.get("distribution").get("angry").asDouble(), 1e-9);
    }

    @Test
    void aFailingStoreIsAnErrorFrameNotACrash() {
        WsProtocol p = new WsProtocol(hub, new RecordingQueries() {
            @Override
            public Future<JsonObject> recording(String id) {
                return Future.failedFuture(new IllegalStateException("db down"));
            }

            @Override
            public Future<List<io.emotrace.web.SegmentEvent>> timeline(String id, String sp, Double f, Double to) {
                return Future.failedFuture(new IllegalStateException("db down"));
            }

            @Override
            public Future<List<RuleFlag>> flags(String id) {
                return Future.failedFuture(new IllegalStateException("db down"));
            }

            @Override
            public Future<List<io.emotrace.web.SpeakerSummary>> summary(String id, String sp, Double f, Double to) {
                return Future.failedFuture(new IllegalStateException("db down"));
            }
        }, nanos::get);
        FakeTransport bt = new FakeTransport();
        WsSession bs = p.open("c2", bt);
        p.onText(bs, "{\"type\":\"summary\",\"id\":5,\"recording\":\"rec1\"}");
        assertError(bt.last(), "ws.internal");
        assertEquals(5, bt.last().get("id").asInt());
    }
}
