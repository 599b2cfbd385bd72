package io.emotrace.web.ws;

import static io.emotrace.web.ws.WsFixtures.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.domain.RuleFlag;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private final AtomicLong nanos = new AtomicLong();
    private final WsLimits limits = new WsLimits(4096, 16, 1 << 20, Duration.ofSeconds(10), 100, 4, 50);
    private final EventHub hub = new EventHub(limits, () -> 1000L);

    private WsSession session(FakeTransport t) {
        WsSession s = new WsSession("s" + System.identityHashCode(t), t, limits, nanos::get);
        hub.register(s);
        return s;
    }

    private static Outbound ack(long last) {
        return Outbound.essential("{\"type\":\"subscribed\",\"lastSeq\":" + last + "}");
    }

    @Test
    void everySubscriberGetsEveryEventInOrder() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        hub.subscribe(session(a), "rec1", Set.of(), -1, EventHubTest::ack);
        hub.subscribe(session(b), "rec1", Set.of(), -1, EventHubTest::ack);
        hub.status("rec1", "running");
        hub.progress("rec1", "vad", 0.5, "half");
        hub.segment("rec1", seg(0, "S1", 0, 1.5, "angry", 0.8));
        hub.flag("rec1", new RuleFlag("anger", "critical", "S1", 0, 1.5, "angry"));
        hub.status("rec1", "done");
        for (FakeTransport t : List.of(a, b)) {
            List<JsonNode> m = t.messages();
            assertEquals(List.of("subscribed", "status", "progress", "segment", "flag", "alert", "status"),
                    m.stream().map(n -> n.get("type").asText()).toList());
            for (int i = 1; i < m.size(); i++) {
                assertEquals(i, m.get(i).get("seq").asLong());
                assertEquals("rec1", m.get(i).get("recording").asText());
            }
            JsonNode segment = m.get(3).get("segment");
            assertEquals("angry", segment.get("emotion").asText());
            assertEquals(0.8, segment.get("confidence").asDouble(), 1e-9);
            assertEquals(0.8, segment.get("scores").get("angry").asDouble(), 1e-9);
            assertEquals("S1", segment.get("speaker").asText());
            assertEquals("anger", m.get(4).get("flag").get("rule").asText());
        }
    }

    @Test
    void otherRecordingsAndUnwantedSpeakersAreNotSent() {
        FakeTransport t = new FakeTransport();
        hub.subscribe(session(t), "rec1", Set.of("S2"), -1, EventHubTest::ack);
        hub.segment("rec2", seg(0, "S2", 0, 1, "happy", 0.9));
        hub.segment("rec1", seg(0, "S1", 0, 1, "happy", 0.9));
        hub.segment("rec1", seg(0, "S2", 1, 2, "sad", 0.7));
        hub.progress("rec1", "emotion", 0.5, "");
        List<JsonNode> segs = t.ofType("segment");
        assertEquals(1, segs.size());
        assertEquals("S2", segs.get(0).get("segment").get("speaker").asText());
        assertEquals(1, t.ofType("progress").size(), "events about no speaker reach filtered subscribers");
    }

    @Test
    void resumingWithSinceReplaysWhatWasMissed() {
        hub.status("rec1", "running");
        for (int i = 0; i < 5; i++) {
            hub.segment("rec1", seg(0, i % 2 == 0 ? "S1" : "S2", i, i + 1, "neutral", 0.6));
        }
        FakeTransport t = new FakeTransport();
        long last = hub.subscribe(session(t), "rec1", Set.of("S1"), 2, EventHubTest::ack);
        assertEquals(6, last);
        hub.segment("rec1", seg(0, "S1", 9, 10, "neutral", 0.6));
        List<Long> seqs = t.ofType("segment").stream().map(n -> n.get("seq").asLong()).toList();
        assertEquals(List.of(4L, 6L, 7L), seqs, "S1's segments after seq 2, then live");
        assertTrue(t.ofType("gap").isEmpty());
    }

    @Test
    void resumingPastTheKeptHistoryGetsAGap() {
        hub.status("rec1", "running");
        for (int i = 0; i < 150; i++) {
            hub.segment("rec1", seg(0, "S1", i, i + 1, "neutral", 0.6));
        }
        hub.status("rec1", "done"); // finished: live history released
        FakeTransport t = new FakeTransport();
        hub.subscribe(session(t), "rec1", Set.of(), 0, EventHubTest::ack);
        JsonNode gap = t.ofType("gap").get(0);
        assertEquals(1, gap.get("fromSeq").asLong());
        assertEquals(151, gap.get("toSeq").asLong());
        List<JsonNode> status = t.ofType("status");
        assertEquals(1, status.size());
        assertEquals("done", status.get(0).get("status").asText());
    }

    @Test
    void onlyWarningAndCriticalFlagsAreAlerts() {
        FakeTransport t = new FakeTransport();
        hub.subscribe(session(t), "rec1", Set.of(), -1, EventHubTest::ack);
        for (String severity : List.of("info", "warning", "critical")) {
            hub.flag("rec1", new RuleFlag("r-" + severity, severity, "S1", 0, 1, "m"));
        }
        assertEquals(3, t.ofType("flag").size());
        assertEquals(List.of("r-warning", "r-critical"), t.ofType("alert").stream()
                .map(n -> n.get("flag").get("rule").asText()).toList());
    }

    @Test
    void rulesChangesReachEveryConnection() {
        FakeTransport subscribed = new FakeTransport();
        FakeTransport idle = new FakeTransport();
        hub.subscribe(session(subscribed), "rec1", Set.of(), -1, EventHubTest::ack);
        session(idle);
        hub.rulesChanged(7);
        hub.flagsReplaced("rec1", 7, List.of(new RuleFlag("r", "warning", "S1", 1, 2, "m")));
        assertEquals(7, idle.ofType("rules").get(0).get("version").asLong());
        assertEquals(7, subscribed.ofType("rules").get(0).get("version").asLong());
        assertEquals(1, subscribed.ofType("flags").get(0).get("flags").size());
        assertTrue(idle.ofType("flags").isEmpty());
    }

    @Test
    void aSlowClientCostsABoundedQueueAndLearnsWhatItLost() {
        FakeTransport slow = new FakeTransport();
        WsSession s = session(slow);
        hub.subscribe(s, "rec1", Set.of(), -1, EventHubTest::ack);
        slow.full = true;
        for (int i = 0; i < 1000; i++) {
            hub.progress("rec1", "emotion", i / 1000.0, "");
            hub.segment("rec1", seg(0, "S1", i, i + 1, "neutral", 0.6));
        }
        assertTrue(s.queuedMessages() <= limits.maxQueuedMessages(), "queue " + s.queuedMessages());
        assertFalse(s.isClosed(), "within the grace period the client stays connected");
        slow.full = false;
        s.drained();
        List<JsonNode> segs = slow.ofType("segment");
        JsonNode gap = slow.ofType("gap").get(0);
        assertEquals(1000, segs.size() + gap.get("dropped").asLong());
        List<JsonNode> progress = slow.ofType("progress");
        assertTrue(progress.size() <= limits.maxQueuedMessages() / 4 + 1, "progress coalesced under pressure: "
                + progress.size());
        assertEquals(0.999, progress.get(progress.size() - 1).get("fraction").asDouble(), 1e-9, "newest kept");
    }

    @Test
    void aClientOverTheLimitForLongerThanTheGraceIsDisconnected() {
        FakeTransport slow = new FakeTransport();
        WsSession s = session(slow);
        hub.subscribe(s, "rec1", Set.of(), -1, EventHubTest::ack);
        slow.full = true;
        for (int i = 0; i < 100; i++) {
            hub.segment("rec1", seg(0, "S1", i, i + 1, "neutral", 0.6));
        }
        assertFalse(s.isClosed());
        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        hub.segment("rec1", seg(0, "S1", 200, 201, "neutral", 0.6));
        assertTrue(s.isClosed());
        assertEquals(WsSession.CLOSE_TOO_SLOW, slow.closeCode);
        assertEquals(0, s.queuedMessages(), "a closed session releases its queue");
    }

    @Test
    void unregisteredSessionsReceiveNothing() {
        FakeTransport t = new FakeTransport();
        WsSession s = session(t);
        hub.subscribe(s, "rec1", Set.of(), -1, EventHubTest::ack);
        hub.unregister(s);
        assertEquals(0, hub.subscriberCount("rec1"));
        hub.segment("rec1", seg(0, "S1", 0, 1, "neutral", 0.6));
        assertTrue(t.ofType("segment").isEmpty());
    }
}
