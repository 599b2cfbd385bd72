package io.emotrace.web.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.domain.RuleFlag;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.SegmentEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.LongSupplier;

/**
 * Fans analysis events out to the WebSocket sessions subscribed to a recording. Each event is serialized once,
 * numbered with the recording's sequence number ({@code seq}, from 1, per server process) and stamped with the
 * server time ({@code ts}, epoch ms). Recent events are kept (bounded; released when the analysis finishes), so
 * a subscriber that resumes with {@code since} gets what it missed, or a {@code gap} notice when that is gone.
 * Thread-safe: the job workers publish, the sockets' event loops subscribe.
 */
public final class EventHub implements AnalysisEvents {
    /**
     * Flag severities that are also pushed as {@code alert} events: the rules' {@code alert} actions of severity
     * warning or critical (plain {@code flag} actions and info alerts arrive with severity info).
     */
    public static final Set<String> ALERT_SEVERITIES = Set.of("warning", "critical");

    private final WsLimits limits;
    private final LongSupplier epochMillis;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();
    /** Cluster mode: where this node's own events go to the other nodes (null on one node). */
    private volatile Relay relay;

    /**
     * One event as this hub numbered and serialised it, for the other cluster nodes' hubs: they keep and deliver
     * the very same text with the same {@code seq}, so a subscriber sees the same stream (and the same
     * {@code since} replay) on any node.
     */
    public record Relayed(String recording, String text, Outbound.Kind kind, long seq, String key, String speaker,
                          boolean terminal, boolean deleted) {
    }

    /** Receives this hub's own events (per recording in {@code seq} order) and rule-set pushes. */
    public interface Relay {
        void event(Relayed event);

        void rules(String text);
    }

    /** Cluster mode: forwards this node's events to {@code relay}. */
    public void relay(Relay relay) {
        this.relay = relay;
    }

    public EventHub(WsLimits limits, LongSupplier epochMillis) {
        this.limits = limits;
        this.epochMillis = epochMillis;
    }

    public EventHub() {
        this(WsLimits.DEFAULT, System::currentTimeMillis);
    }

    public WsLimits limits() {
        return limits;
    }

    /** One recording's sequence counter, subscribers and recent history; all guarded by the channel. */
    private static final class Channel {
        final Set<WsSession> subscribers = new CopyOnWriteArraySet<>();
        final ArrayDeque<Kept> history = new ArrayDeque<>();
        long seq;
        /** This node has the recording's {@code queued} status (published here or relayed). */
        boolean queuedSeen;
        /** A live stream's events were seen: its offline analysis is queued, then {@code live.ended} follows. */
        boolean live;
        boolean liveEndedSeen;
        /** Removed (the recording was deleted): a job waiting on it stops. */
        boolean dropped;

        /** Everything published before the job could start is here. */
        boolean handedOver() {
            return queuedSeen && (!live || liveEndedSeen);
        }

        /** Notes an event (its type and text) so {@link #handedOver()} can tell; wakes a job waiting for it. */
        void saw(String type, String text) {
            boolean before = handedOver();
            // a status event's text as publish writes it: unescaped quotes only around its own fields
            queuedSeen |= type.equals("status") && text.contains("\"status\":\"queued\"");
            live |= type.startsWith("live.");
            liveEndedSeen |= type.equals("live.ended");
            if (!before && handedOver()) {
                notifyAll();
            }
        }
    }

    private Channel channel(String recording) {
        return channels.computeIfAbsent(recording, r -> new Channel());
    }

    // ---- publishing (called by the job runner and the rules service) ----

    /** Job state: {@code queued}, {@code running}, {@code done}, {@code failed}, {@code deleted}. */
    @Override
    public void status(String recording, String status) {
        status(recording, status, null);
    }

    @Override
    public boolean awaitQueued(String recording, long timeoutMillis) {
        Channel c = channel(recording);
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        synchronized (c) {
            try {
                while (!c.handedOver() && !c.dropped) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    c.wait(Math.max(1, left / 1_000_000L));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (c.dropped) {
                return false;
            }
            if (relay != null && !c.handedOver()) {
                // cluster mode, still on their way: the node publishing them numbers them after the events both nodes
                // have, so those numbers are left free (an upload's queued: 1; a live stream's queued and live.ended)
                c.seq += (c.queuedSeen ? 0 : 1) + (c.live && !c.liveEndedSeen ? 1 : 0);
            }
            c.queuedSeen = true;
            c.liveEndedSeen = true;
            return true;
        }
    }

    /** The analysis failed: a terminal {@code status} event carrying the typed error. */
    @Override
    public void failed(String recording, String code, String message) {
        status(recording, "failed", WsJson.MAPPER.createObjectNode().put("code", code).put("message", message));
    }

    private void status(String recording, String status, JsonNode error) {
        boolean terminal = status.equals("done") || status.equals("failed") || status.equals("deleted");
        publish(recording, "status", Outbound.Kind.ESSENTIAL, null, null, terminal, status.equals("deleted"), n -> {
            n.put("status", status);
            if (error != null) {
                n.set("error", error);
            }
        });
        if (status.equals("deleted")) {
            dropChannel(recording);
        }
    }

    @Override
    public void progress(String recording, String stage, double fraction, String message) {
        publish(recording, "progress", Outbound.Kind.LATEST, "progress|" + recording + "|" + stage, null,
                false, n -> {
                    n.put("stage", stage);
                    n.put("fraction", fraction);
                    n.put("message", message);
                });
    }

    /** A segment as soon as its stage produced it (emotion: with its estimate; asr: again, with its text). */
    @Override
    public void segment(String recording, SegmentEvent s) {
        publish(recording, "segment", Outbound.Kind.DROPPABLE, null, s.speaker(), false,
                n -> n.set("segment", WsJson.tree(s)));
    }

    /** A rule flag of the analysis; warning and critical ones are pushed as {@code alert}s too. */
    @Override
    public void flag(String recording, RuleFlag f) {
        publish(recording, "flag", Outbound.Kind.ESSENTIAL, null, f.speaker(), false,
                n -> n.set("flag", WsJson.tree(f)));
        if (f.severity() != null && ALERT_SEVERITIES.contains(f.severity().toLowerCase(Locale.ROOT))) {
            publish(recording, "alert", Outbound.Kind.ESSENTIAL, null, f.speaker(), false,
                    n -> n.set("flag", WsJson.tree(f)));
        }
    }

    /** All flags of a recording after its re-evaluation under rule set {@code rulesVersion} (replaces the old). */
    @Override
    public void flagsReplaced(String recording, int rulesVersion, List<RuleFlag> flags) {
        publish(recording, "flags", Outbound.Kind.ESSENTIAL, null, null, false, n -> {
            n.put("rulesVersion", rulesVersion);
            n.set("flags", WsJson.tree(flags));
        });
    }

    /** A speaker got a name (enrolled voice matched, or a rename); {@code name} null: the rename was removed. */
    @Override
    public void speakerNamed(String recording, String speaker, io.emotrace.domain.SpeakerName name) {
        publish(recording, "speaker", Outbound.Kind.ESSENTIAL, null, speaker, false, n -> {
            n.put("speaker", speaker);
            n.put("name", name == null ? null : name.name());
            if (name == null || name.score() == null) {
                n.putNull("nameScore");
            } else {
                n.put("nameScore", name.score());
            }
            n.put("nameSource", name == null ? null : name.source());
        });
    }

    /** A new rule set version: pushed to every connection, subscribed or not. */
    @Override
    public void rulesChanged(int version) {
        ObjectNode n = WsJson.object("rules");
        n.put("version", version);
        n.put("ts", epochMillis.getAsLong());
        Outbound m = Outbound.essential(WsJson.write(n));
        sessions.forEach(s -> s.deliver(m));
        Relay r = relay;
        if (r != null) {
            r.rules(m.text());
        }
    }

    /** A live stream's event; its fields are written beside the common ones. */
    @Override
    public void live(String recording, io.emotrace.web.LiveEvent e) {
        Outbound.Kind kind = switch (e.delivery()) {
            case ESSENTIAL -> Outbound.Kind.ESSENTIAL;
            case LATEST -> Outbound.Kind.LATEST;
            case DROPPABLE -> Outbound.Kind.DROPPABLE;
        };
        String key = kind == Outbound.Kind.LATEST ? e.type() + "|" + recording : null;
        publish(recording, e.type(), kind, key, e.speaker(), false, n -> {
            com.fasterxml.jackson.databind.node.ObjectNode f = WsJson.MAPPER.valueToTree(e.fields());
            n.setAll(f);
        });
    }

    private interface Payload {
        void fill(ObjectNode n);
    }

    private void publish(String recording, String type, Outbound.Kind kind, String key, String speaker,
                         boolean terminal, Payload payload) {
        publish(recording, type, kind, key, speaker, terminal, false, payload);
    }

    private void publish(String recording, String type, Outbound.Kind kind, String key, String speaker,
                         boolean terminal, boolean deleted, Payload payload) {
        Channel c = channel(recording);
        synchronized (c) {
            long seq = ++c.seq;
            ObjectNode n = WsJson.object(type);
            n.put("recording", recording);
            n.put("seq", seq);
            n.put("ts", epochMillis.getAsLong());
            payload.fill(n);
            Outbound m = new Outbound(WsJson.write(n), kind, recording, seq, key);
            c.saw(type, m.text());
            remember(c, m, speaker, terminal);
            for (WsSession s : c.subscribers) {
                if (s.wants(recording, speaker)) {
                    s.deliver(m);
                }
            }
            Relay r = relay;
            if (r != null) {
                // under the channel's lock: the other nodes get this recording's events in seq order
                r.event(new Relayed(recording, m.text(), kind, seq, key, speaker, terminal, deleted));
            }
        }
    }

    /**
     * Cluster mode: an event another node published. Kept and delivered exactly as there (same text, same seq);
     * this node's counter for the recording moves past it, so the stream stays one numbering on every node.
     */
    public void ingest(Relayed e) {
        Channel c = channel(e.recording());
        synchronized (c) {
            c.seq = Math.max(c.seq, e.seq());
            c.saw(typeOf(e.text()), e.text());
            Outbound m = new Outbound(e.text(), e.kind(), e.recording(), e.seq(), e.key());
            remember(c, m, e.speaker(), e.terminal());
            for (WsSession s : c.subscribers) {
                if (s.wants(e.recording(), e.speaker())) {
                    s.deliver(m);
                }
            }
        }
        if (e.deleted()) {
            dropChannel(e.recording());
        }
    }

    /** Cluster mode: another node's rule-set push, to every connection here. */
    public void ingestRules(String text) {
        Outbound m = Outbound.essential(text);
        sessions.forEach(s -> s.deliver(m));
    }

    private void dropChannel(String recording) {
        Channel c = channels.remove(recording);
        if (c != null) {
            c.subscribers.forEach(s -> s.unsubscribe(recording));
            synchronized (c) {
                c.dropped = true;
                c.notifyAll(); // a job waiting to start on it stops (awaitQueued)
            }
        }
    }

    /**
     * An event's type from its text as {@link #publish} writes it ({@code {"type":"...",...}}, compact, type first);
     * "" when it is not of that shape.
     */
    static String typeOf(String text) {
        String head = "{\"type\":\"";
        int end = text.startsWith(head) ? text.indexOf('"', head.length()) : -1;
        return end < 0 ? "" : text.substring(head.length(), end);
    }

    /** A kept event with its speaker (for filtered replays), so the message need not be parsed again. */
    private record Kept(Outbound message, String speaker) {
    }

    private void remember(Channel c, Outbound m, String speaker, boolean terminal) {
        if (terminal) {
            // a finished recording is fully queryable (timeline, summary, HTTP): its live history is released
            c.history.clear();
        }
        if (limits.historyPerRecording() == 0) {
            return;
        }
        if (c.history.size() == limits.historyPerRecording()) {
            c.history.removeFirst();
        }
        c.history.addLast(new Kept(m, speaker));
    }

    // ---- subscriptions (called by the protocol handler) ----

    public void register(WsSession s) {
        sessions.add(s);
    }

    public void unregister(WsSession s) {
        sessions.remove(s);
        for (String r : s.subscribedRecordings()) {
            Channel c = channels.get(r);
            if (c != null) {
                c.subscribers.remove(s);
            }
        }
    }

    /**
     * Subscribes {@code s}, sends it {@code ack} (given the recording's last sequence number; the subscription is
     * live from the next one) and, when {@code since >= 0}, replays the kept events after {@code since}. Atomic
     * with publishing, so nothing is missed or sent twice. Returns the last sequence number.
     */
    long subscribe(WsSession s, String recording, Set<String> speakers, long since,
                   java.util.function.LongFunction<Outbound> ack) {
        Channel c = channel(recording);
        synchronized (c) {
            s.subscribe(recording, speakers);
            c.subscribers.add(s);
            s.deliver(ack.apply(c.seq));
            if (since >= 0 && since < c.seq) {
                long oldest = c.history.isEmpty() ? c.seq + 1 : c.history.peekFirst().message().seq();
                if (since + 1 < oldest) {
                    s.deliver(Outbound.essential(WsJson.gap(recording, since + 1, oldest - 1, oldest - 1 - since)));
                }
                for (Kept k : c.history) {
                    if (k.message().seq() > since && s.wants(recording, k.speaker())) {
                        s.deliver(k.message());
                    }
                }
            }
            return c.seq;
        }
    }

    void unsubscribe(WsSession s, String recording) {
        s.unsubscribe(recording);
        Channel c = channels.get(recording);
        if (c != null) {
            c.subscribers.remove(s);
        }
    }

    public int sessionCount() {
        return sessions.size();
    }

    public int subscriberCount(String recording) {
        Channel c = channels.get(recording);
        return c == null ? 0 : c.subscribers.size();
    }
}
