package io.emotrace.web.ws;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The messages waiting for one slow client, with a hard bound on their count and size. Policy when the socket
 * cannot keep up (documented in web/docs/websocket.md):
 * <ol>
 *   <li>while the client keeps up every message is sent; once a quarter of the queue is in use, progress
 *       ({@link Outbound.Kind#LATEST}) is coalesced: a newer message with the same key replaces the queued one
 *       (its sequence number is then skipped, without a gap notice: only the newest progress matters);</li>
 *   <li>over the limits, the oldest per-segment events ({@link Outbound.Kind#DROPPABLE}), then queued progress,
 *       are dropped and one {@code gap} notice per recording says which sequence numbers were lost (the client
 *       re-queries the timeline);</li>
 *   <li>if only essential messages are left and the queue is still over, or it has been over for longer than
 *       the grace period, the caller disconnects the client ({@link Offer#OVERFLOW}).</li>
 * </ol>
 * Not thread-safe: the owning {@link WsSession} guards it.
 */
final class OutboundQueue {
    enum Offer { QUEUED, COALESCED, DROPPED_OLDER, OVERFLOW }

    private static final class Entry {
        Outbound message;
        final Gap gap; // non-null for a gap notice, rendered when sent so it carries the final counts

        Entry(Outbound message, Gap gap) {
            this.message = message;
            this.gap = gap;
        }

        int size() {
            return gap != null ? 96 + gap.recording.length() : message.size();
        }
    }

    private static final class Gap {
        final String recording;
        long fromSeq = Long.MAX_VALUE;
        long toSeq;
        long dropped;

        Gap(String recording) {
            this.recording = recording;
        }

        void add(long seq) {
            fromSeq = Math.min(fromSeq, seq);
            toSeq = Math.max(toSeq, seq);
            dropped++;
        }
    }

    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Entry> latestByKey = new HashMap<>();
    private final Map<String, Entry> gapByRecording = new HashMap<>();
    private long bytes;
    private long overSinceNanos = -1;
    private long droppedTotal;

    OutboundQueue(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    Offer offer(Outbound m, long nowNanos) {
        if (m.kind() == Outbound.Kind.LATEST && m.key() != null && entries.size() >= maxMessages / 4) {
            Entry queued = latestByKey.get(m.key());
            if (queued != null) {
                bytes += m.size() - queued.message.size();
                queued.message = m;
                return Offer.COALESCED;
            }
        }
        Entry e = new Entry(m, null);
        entries.addLast(e);
        bytes += e.size();
        if (m.kind() == Outbound.Kind.LATEST && m.key() != null) {
            latestByKey.put(m.key(), e);
        }
        if (!overLimit() || entries.size() == 1) {
            return Offer.QUEUED; // one big reply (a long timeline) alone is sent, not refused
        }
        if (overSinceNanos < 0) {
            overSinceNanos = nowNanos;
        }
        boolean dropped = evict(Outbound.Kind.DROPPABLE) || evict(Outbound.Kind.LATEST);
        if (overLimit()) {
            return Offer.OVERFLOW;
        }
        return dropped ? Offer.DROPPED_OLDER : Offer.QUEUED;
    }

    /** Drops the oldest messages of {@code kind} until within limits; true if any was dropped. */
    private boolean evict(Outbound.Kind kind) {
        boolean any = false;
        while (overLimit()) {
            Entry victim = null;
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.gap == null && e.message.kind() == kind) {
                    it.remove();
                    victim = e;
                    break;
                }
            }
            if (victim == null) {
                return any;
            }
            bytes -= victim.size();
            if (kind == Outbound.Kind.LATEST) {
                latestByKey.remove(victim.message.key());
            }
            droppedTotal++;
            any = true;
            if (victim.message.recording() != null) {
                noteGap(victim.message); // may add the gap entry, so only after the iteration
            }
        }
        return any;
    }

    private void noteGap(Outbound lost) {
        Entry g = gapByRecording.get(lost.recording());
        if (g == null) {
            g = new Entry(null, new Gap(lost.recording()));
            gapByRecording.put(lost.recording(), g);
            entries.addLast(g);
            bytes += g.size();
        }
        g.gap.add(lost.seq());
    }

    private boolean overLimit() {
        return entries.size() > maxMessages || bytes > maxBytes;
    }

    /** The next message's text, or null when empty. */
    String poll() {
        Entry e = entries.pollFirst();
        if (e == null) {
            return null;
        }
        bytes -= e.size();
        if (e.gap != null) {
            gapByRecording.remove(e.gap.recording);
        } else if (e.message.kind() == Outbound.Kind.LATEST && e.message.key() != null) {
            latestByKey.remove(e.message.key());
        }
        if (overSinceNanos >= 0 && entries.size() <= maxMessages / 2 && bytes <= maxBytes / 2) {
            overSinceNanos = -1; // the client caught up
        }
        return e.gap != null ? WsJson.gap(e.gap.recording, e.gap.fromSeq, e.gap.toSeq, e.gap.dropped)
                : e.message.text();
    }

    /** How long the queue has been at its limits without the client catching up (0 when it is not). */
    long overLimitNanos(long nowNanos) {
        return overSinceNanos < 0 ? 0 : nowNanos - overSinceNanos;
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes;
    }

    long droppedTotal() {
        return droppedTotal;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
