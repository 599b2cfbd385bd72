package io.emotrace.web.ws;

import static io.emotrace.web.ws.WsFixtures.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.domain.RuleFlag;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' hubs joined as the cluster relay joins them (here directly, without the event bus): a subscriber on
 * node B gets node A's events with A's numbering and text, the same {@code since} replay, rule-set pushes, and
 * deletion; after a failover B continues the numbering.
 */
class ClusterRelayHubTest {
    private final AtomicLong nanos = new AtomicLong();
    private final WsLimits limits = new WsLimits(4096, 64, 1 << 20, Duration.ofSeconds(10), 100, 4, 50);
    private final EventHub a = new EventHub(limits, () -> 1000L);
    private final EventHub b = new EventHub(limits, () -> 2000L);

    ClusterRelayHubTest() {
        link(a, b);
        link(b, a);
    }

    private static void link(EventHub from, EventHub to) {
        from.relay(new EventHub.Relay() {
            @Override
            public void event(EventHub.Relayed e) {
                to.ingest(e);
            }

            @Override
            public void rules(String text) {
                to.ingestRules(text);
            }
        });
    }

    private WsSession session(EventHub hub, FakeTransport t) {
        WsSession s = new WsSession("s" + System.identityHashCode(t), t, limits, nanos::get);
        hub.register(s);
        return s;
    }

    private static Outbound ack(long last) {
        return Outbound.essential("{\"type\":\"subscribed\",\"lastSeq\":" + last + "}");
    }

    @Test
    void aJobClaimedBeforeItsQueuedEventArrivedNumbersAfterIt() throws Exception {
        // node C took the upload, node D claimed the job at once: C's queued event is still on its way to D
        EventHub c = new EventHub(limits, () -> 3000L);
        EventHub d = new EventHub(limits, () -> 4000L);
        List<EventHub.Relayed> fromC = new java.util.ArrayList<>();
        List<EventHub.Relayed> fromD = new java.util.ArrayList<>();
        c.relay(capture(fromC));
        d.relay(capture(fromD));
        c.status("rec2", "queued");
        d.awaitQueued("rec2", 20); // it does not come in time: its number stays free
        d.status("rec2", "running");
        fromC.forEach(d::ingest);
        fromD.forEach(c::ingest);
        assertEquals(List.of(1L), fromC.stream().map(EventHub.Relayed::seq).toList());
        assertEquals(List.of(2L), fromD.stream().map(EventHub.Relayed::seq).toList(), "not 1 again: one number per event");
        d.status("rec2", "done");
        assertEquals(3L, fromD.get(fromD.size() - 1).seq());

        // a live stream's offline analysis: both nodes have the stream's own events, then C queues it
        fromC.clear();
        fromD.clear();
        c.live("rec4", new io.emotrace.web.LiveEvent("live.level", null, io.emotrace.web.LiveEvent.Delivery.ESSENTIAL,
                java.util.Map.of("rms", 0.1)));
        c.live("rec4", new io.emotrace.web.LiveEvent("live.level", null, io.emotrace.web.LiveEvent.Delivery.ESSENTIAL,
                java.util.Map.of("rms", 0.2)));
        fromC.forEach(d::ingest);
        fromC.clear();
        c.status("rec4", "queued");
        d.awaitQueued("rec4", 20); // neither queued nor live.ended has come
        d.status("rec4", "running");
        c.live("rec4", new io.emotrace.web.LiveEvent("live.ended", null, io.emotrace.web.LiveEvent.Delivery.ESSENTIAL,
                java.util.Map.of("offlineAnalysis", true)));
        assertEquals(List.of(3L, 4L), fromC.stream().map(EventHub.Relayed::seq).toList());
        assertEquals(List.of(5L), fromD.stream().map(EventHub.Relayed::seq).toList(),
                "after the stream's 2, queued's 3 and live.ended's 4");

        // one node (no relay): nothing is on its way from elsewhere, so no number is left free
        EventHub alone = new EventHub(limits, () -> 6000L);
        FakeTransport onAlone = new FakeTransport();
        alone.subscribe(session(alone, onAlone), "rec6", Set.of(), -1, ClusterRelayHubTest::ack);
        assertTrue(alone.awaitQueued("rec6", 5));
        alone.status("rec6", "running");
        assertEquals(List.of(1L), onAlone.messages().stream().filter(n -> n.has("seq")).map(n -> n.get("seq").asLong())
                .toList());

        // a recording deleted while its job waits: the wait ends at once and says so
        Thread deleter = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            d.status("rec7", "deleted");
        });
        deleter.start();
        long t2 = System.nanoTime();
        assertEquals(false, d.awaitQueued("rec7", 10_000));
        assertTrue((System.nanoTime() - t2) / 1e9 < 5, "woken by the deletion, not the timeout");
        deleter.join();

        // when it arrives while the job waits, the job goes on at once, numbered after it
        EventHub e = new EventHub(limits, () -> 5000L);
        List<EventHub.Relayed> fromE = new java.util.ArrayList<>();
        e.relay(capture(fromE));
        c.relay(new EventHub.Relay() {
            @Override
            public void event(EventHub.Relayed r) {
                Thread later = new Thread(() -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                    e.ingest(r);
                });
                later.start();
            }

            @Override
            public void rules(String text) {
            }
        });
        c.status("rec3", "queued");
        long t0 = System.nanoTime();
        e.awaitQueued("rec3", 10_000);
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "woken by the event, not the timeout");
        e.status("rec3", "running");
        assertEquals(List.of(2L), fromE.stream().map(EventHub.Relayed::seq).toList());
        // a recording whose events this node already has does not wait
        long t1 = System.nanoTime();
        e.awaitQueued("rec3", 10_000);
        assertTrue((System.nanoTime() - t1) / 1e9 < 1);
    }

    private static EventHub.Relay capture(List<EventHub.Relayed> into) {
        return new EventHub.Relay() {
            @Override
            public void event(EventHub.Relayed e) {
                into.add(e);
            }

            @Override
            public void rules(String text) {
            }
        };
    }

    @Test
    void aSubscriberOnAnotherNodeSeesTheSameNumberedStreamAndReplay() {
        FakeTransport onA = new FakeTransport();
        FakeTransport onB = new FakeTransport();
        a.subscribe(session(a, onA), "rec1", Set.of(), -1, ClusterRelayHubTest::ack);
        b.subscribe(session(b, onB), "rec1", Set.of(), -1, ClusterRelayHubTest::ack);
        a.status("rec1", "running");
        a.progress("rec1", "vad", 0.5, "half");
        a.segment("rec1", seg(0, "S1", 0, 1.5, "angry", 0.8));
        a.flag("rec1", new RuleFlag("anger", "critical", "S1", 0, 1.5, "angry"));
        List<JsonNode> seenA = onA.messages().subList(1, onA.messages().size());
        List<JsonNode> seenB = onB.messages().subList(1, onB.messages().size());
        assertEquals(seenA, seenB, "same text, same seq, same ts on both nodes");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seenB.stream().map(n -> n.get("seq").asLong()).toList());

        FakeTransport late = new FakeTransport();
        b.subscribe(session(b, late), "rec1", Set.of(), 2, ClusterRelayHubTest::ack);
        assertEquals(List.of(3L, 4L, 5L), late.messages().stream().filter(n -> n.has("seq"))
                .map(n -> n.get("seq").asLong()).toList(), "since replay on the other node");

        // node A died; B reruns the job and numbers on from the last event it got
        b.status("rec1", "running");
        b.status("rec1", "done");
        List<JsonNode> all = onB.messages();
        assertEquals(7, all.get(all.size() - 1).get("seq").asLong());
        assertEquals(onA.messages().get(onA.messages().size() - 1), all.get(all.size() - 1), "and A sees it alike");
    }

    @Test
    void rulePushesAndDeletionsReachEveryNode() {
        FakeTransport onB = new FakeTransport();
        WsSession s = session(b, onB);
        b.subscribe(s, "rec1", Set.of(), -1, ClusterRelayHubTest::ack);
        a.rulesChanged(4);
        assertEquals(4, onB.ofType("rules").get(0).get("version").asInt());
        a.status("rec1", "deleted");
        assertEquals("deleted", onB.ofType("status").get(0).get("status").asText());
        assertEquals(0, b.subscriberCount("rec1"), "the deleted recording's channel is gone on B too");
    }
}
