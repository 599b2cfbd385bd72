package io.emotrace.web.ws;

/**
 * One server-to-client message, already serialized (a hub event is serialized once for all its subscribers).
 *
 * @param recording the recording it belongs to, null for connection-level messages (replies, rules, pong)
 * @param seq       the recording's event sequence number, 0 when not a recording event
 * @param kind      how the slow-client policy may treat it
 * @param key       coalescing key for {@link Kind#LATEST}: a newer message with the same key replaces it
 */
public record Outbound(String text, Kind kind, String recording, long seq, String key) {
    public enum Kind {
        /** Replies, errors, status changes, flags, alerts, rule changes: never dropped. */
        ESSENTIAL,
        /** Progress: only the newest per key matters, so queued older ones are replaced. */
        LATEST,
        /** Per-segment events: dropped oldest-first when the client is too slow, replaced by a gap notice. */
        DROPPABLE
    }

    public static Outbound essential(String text) {
        return new Outbound(text, Kind.ESSENTIAL, null, 0, null);
    }

    public int size() {
        return text.length();
    }
}
