package io.emotrace.web.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private static Outbound segment(long seq) {
        return new Outbound("{\"type\":\"segment\",\"seq\":" + seq + "}", Outbound.Kind.DROPPABLE, "rec1", seq, null);
    }

    private static Outbound progress(long seq, String stage) {
        return new Outbound("{\"type\":\"progress\",\"seq\":" + seq + "}", Outbound.Kind.LATEST, "rec1", seq,
                "progress|rec1|" + stage);
    }

    private static List<String> drain(OutboundQueue q) {
        List<String> out = new ArrayList<>();
        for (String s; (s = q.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    @Test
    void aClientThatKeepsUpGetsEveryProgressMessage() {
        OutboundQueue q = new OutboundQueue(16, 1 << 20);
        for (int i = 1; i <= 3; i++) {
            assertEquals(OutboundQueue.Offer.QUEUED, q.offer(progress(i, "vad"), 0));
        }
        assertEquals(3, drain(q).size());
    }

    @Test
    void underPressureProgressOfOneStageIsCoalescedToTheNewest() {
        OutboundQueue q = new OutboundQueue(16, 1 << 20);
        for (int i = 0; i < 4; i++) {
            q.offer(Outbound.essential("{\"e\":" + i + "}"), 0); // a quarter of the queue in use
        }
        assertEquals(OutboundQueue.Offer.QUEUED, q.offer(progress(1, "vad"), 0));
        assertEquals(OutboundQueue.Offer.QUEUED, q.offer(progress(2, "emotion"), 0));
        for (int i = 3; i < 100; i++) {
            assertEquals(OutboundQueue.Offer.COALESCED, q.offer(progress(i, "vad"), 0));
        }
        List<String> out = drain(q);
        assertEquals(List.of("{\"type\":\"progress\",\"seq\":99}", "{\"type\":\"progress\",\"seq\":2}"),
                out.subList(4, out.size()));
    }

    @Test
    void overTheLimitTheOldestSegmentsGoAndOneGapSaysWhich() throws Exception {
        OutboundQueue q = new OutboundQueue(10, 1 << 20);
        q.offer(Outbound.essential("{\"type\":\"status\"}"), 0);
        for (long seq = 1; seq <= 30; seq++) {
            OutboundQueue.Offer r = q.offer(segment(seq), 0);
            assertTrue(r != OutboundQueue.Offer.OVERFLOW, "segments are droppable, never an overflow");
        }
        assertTrue(q.size() <= 10);
        List<String> out = drain(q);
        assertEquals("{\"type\":\"status\"}", out.get(0), "essential messages stay");
        JsonNode gap = null;
        List<Long> kept = new ArrayList<>();
        for (String s : out.subList(1, out.size())) {
            JsonNode n = WsJson.MAPPER.readTree(s);
            if (n.get("type").asText().equals("gap")) {
                gap = n;
            } else {
                kept.add(n.get("seq").asLong());
            }
        }
        assertTrue(gap != null, "a gap notice replaces the dropped segments");
        assertEquals("rec1", gap.get("recording").asText());
        long dropped = gap.get("dropped").asLong();
        assertEquals(30, dropped + kept.size(), "every segment is either delivered or counted in the gap");
        assertEquals(1, gap.get("fromSeq").asLong());
        assertEquals(dropped, gap.get("toSeq").asLong());
        assertEquals(dropped + 1, kept.get(0), "the newest segments are the ones kept");
        assertEquals(30L, kept.get(kept.size() - 1));
    }

    @Test
    void onlyEssentialMessagesOverTheLimitIsAnOverflow() {
        OutboundQueue q = new OutboundQueue(8, 1 << 20);
        OutboundQueue.Offer last = null;
        for (int i = 0; i < 9; i++) {
            last = q.offer(Outbound.essential("{\"n\":" + i + "}"), 0);
        }
        assertEquals(OutboundQueue.Offer.OVERFLOW, last);
    }

    @Test
    void oneReplyBiggerThanTheByteLimitIsStillSentWhenItIsAlone() {
        OutboundQueue q = new OutboundQueue(16, 100);
        assertEquals(OutboundQueue.Offer.QUEUED, q.offer(Outbound.essential("x".repeat(500)), 0));
        assertEquals(OutboundQueue.Offer.OVERFLOW, q.offer(Outbound.essential("y"), 0));
    }

    @Test
    void theByteLimitCountsToo() {
        OutboundQueue q = new OutboundQueue(1000, 200);
        String big = "x".repeat(90);
        for (long seq = 1; seq <= 5; seq++) {
            q.offer(new Outbound(big, Outbound.Kind.DROPPABLE, "rec1", seq, null), 0);
        }
        assertTrue(q.bytes() <= 200, "bytes " + q.bytes());
        assertTrue(q.droppedTotal() >= 3);
    }

    @Test
    void overLimitTimeRunsUntilTheClientCatchesUp() {
        OutboundQueue q = new OutboundQueue(8, 1 << 20);
        assertEquals(0, q.overLimitNanos(5));
        for (long seq = 1; seq <= 9; seq++) {
            q.offer(segment(seq), 100);
        }
        assertEquals(900, q.overLimitNanos(1000));
        drain(q);
        assertEquals(0, q.overLimitNanos(2000));
        assertNull(q.poll());
    }
}
