package io.emotrace.web.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.web.ApiException;
import io.emotrace.web.LogText;
import io.emotrace.web.RecordingQueries;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The server side of the {@code /ws} JSON protocol (web/docs/websocket.md): parses client messages, answers them, and
 * turns every malformed one into an {@code error} frame with a code; nothing a client sends closes the server.
 * Queries go to the service's {@link RecordingQueries} (database work on its worker pool, never on the event
 * loop) and answer through the session's queue.
 */
public final class WsProtocol {
    public static final int VERSION = 1;

    private static final Logger LOG = Logger.getLogger(WsProtocol.class.getName());
    /** Recording and speaker ids: the service's ids are UUIDs, speakers S1..; nothing that could be a path. */
    private static final Pattern RECORDING_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final int MAX_SPEAKERS = 64;
    private static final int MAX_SPEAKER_CHARS = 128;

    private final EventHub hub;
    private final RecordingQueries queries;
    private final LongSupplier nanoClock;
    private volatile LiveHandler live;

    public WsProtocol(EventHub hub, RecordingQueries queries, LongSupplier nanoClock) {
        this.hub = hub;
        this.queries = queries;
        this.nanoClock = nanoClock;
    }

    /** Enables live streams ({@code live.*} messages and binary audio frames). */
    public void live(LiveHandler handler) {
        this.live = handler;
    }

    public WsProtocol(EventHub hub, RecordingQueries queries) {
        this(hub, queries, System::nanoTime);
    }

    /** A new connection: registers it and greets it with the protocol version and its limits. */
    public WsSession open(String id, WsTransport transport) {
        WsSession s = new WsSession(id, transport, hub.limits(), nanoClock);
        hub.register(s);
        s.onClose(() -> hub.unregister(s));
        ObjectNode hello = WsJson.object("hello");
        hello.put("protocol", VERSION);
        hello.put("session", id);
        ObjectNode limits = hello.putObject("limits");
        limits.put("maxMessageBytes", hub.limits().maxMessageBytes());
        limits.put("maxQueuedMessages", hub.limits().maxQueuedMessages());
        limits.put("messagesPerSecond", hub.limits().messagesPerSecond());
        limits.put("maxSubscriptions", hub.limits().maxSubscriptions());
        s.deliver(Outbound.essential(WsJson.write(hello)));
        return s;
    }

    public void closed(WsSession s) {
        s.closedByPeer();
        LiveHandler l = live;
        if (l != null) {
            l.closed(s);
        }
    }

    /** Thrown for a message that is well-formed JSON but not a valid request. */
    private static final class BadRequest extends Exception {
        final String code;

        BadRequest(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** A message over {@code maxMessageBytes}, not kept: answered, and counted against the rate like any other. */
    public void onTooBig(WsSession s, long bytes) {
        if (rateLimited(s)) {
            return;
        }
        s.deliver(error(null, "ws.too_big", "message over " + hub.limits().maxMessageBytes() + " bytes"));
    }

    /**
     * A binary message: audio of this connection's live stream (not counted against the message rate; the stream's
     * own backpressure bounds it), otherwise an error.
     */
    public void onBinary(WsSession s, byte[] data, long bytes) {
        LiveHandler l = live;
        if (l != null && l.audio(s, data, bytes)) {
            return;
        }
        if (rateLimited(s)) {
            return;
        }
        s.deliver(error(null, "live.not_started", "binary frames carry live audio: send {\"type\":\"live.start\"} "
                + "first"));
    }

    /** True (and answered) when the client is over its message rate; every message counts, whatever its size. */
    private boolean rateLimited(WsSession s) {
        if (s.allowMessage()) {
            return false;
        }
        s.deliver(error(null, "ws.rate_limited", "more than " + hub.limits().messagesPerSecond()
                + " messages per second; slow down"));
        return true;
    }

    public void onText(WsSession s, String text) {
        if (rateLimited(s)) {
            return;
        }
        if (text.length() > hub.limits().maxMessageBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > hub.limits().maxMessageBytes()) {
            s.deliver(error(null, "ws.too_big", "message over " + hub.limits().maxMessageBytes() + " bytes"));
            return;
        }
        JsonNode msg;
        try {
            msg = WsJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            s.deliver(error(null, "ws.bad_json", "not JSON: " + e.getOriginalMessage()));
            return;
        }
        JsonNode id = msg == null ? null : msg.get("id");
        try {
            if (msg == null || !msg.isObject()) {
                throw new BadRequest("ws.bad_message", "a message is a JSON object with a \"type\"");
            }
            if (id != null && !(id.isTextual() || id.isIntegralNumber()) || id != null && id.toString().length() > 64) {
                throw new BadRequest("ws.bad_message", "\"id\" must be a short string or an integer");
            }
            JsonNode type = msg.get("type");
            if (type == null || !type.isTextual()) {
                throw new BadRequest("ws.bad_message", "missing \"type\"");
            }
            switch (type.asText()) {
                case "ping" -> pong(s, id);
                case "subscribe" -> subscribe(s, id, msg);
                case "unsubscribe" -> unsubscribe(s, id, msg);
                case "timeline" -> timeline(s, id, msg);
                case "summary" -> summary(s, id, msg);
                case "live.start" -> liveStart(s, id, msg);
                case "live.resume" -> liveResume(s, id, msg);
                case "live.stop" -> liveStop(s, id);
                default -> throw new BadRequest("ws.unknown_type", "unknown type \"" + clip(type.asText())
                        + "\"; known: ping, subscribe, unsubscribe, timeline, summary, live.start, live.resume, "
                        + "live.stop");
            }
        } catch (BadRequest e) {
            s.deliver(error(id, e.code, e.getMessage()));
        }
    }

    private void pong(WsSession s, JsonNode id) {
        ObjectNode n = WsJson.reply("pong", id);
        n.put("ts", System.currentTimeMillis());
        s.deliver(Outbound.essential(WsJson.write(n)));
    }

    private void subscribe(WsSession s, JsonNode id, JsonNode msg) throws BadRequest {
        String recording = recording(msg);
        Set<String> speakers = speakers(msg);
        long since = -1;
        JsonNode sinceNode = msg.get("since");
        if (sinceNode != null && !sinceNode.isNull()) {
            if (!sinceNode.isIntegralNumber() || sinceNode.asLong() < 0) {
                throw new BadRequest("ws.bad_message", "\"since\" must be a sequence number >= 0");
            }
            since = sinceNode.asLong();
        }
        if (!s.subscribedRecordings().contains(recording)
                && s.subscriptionCount() >= hub.limits().maxSubscriptions()) {
            throw new BadRequest("ws.too_many_subscriptions", "at most " + hub.limits().maxSubscriptions()
                    + " recordings per connection");
        }
        long resumeFrom = since;
        answer(s, id, queries.recording(recording), rec -> {
            ObjectNode ack = WsJson.reply("subscribed", id);
            ack.put("recording", recording);
            ack.set("speakers", WsJson.tree(speakers));
            ack.put("status", rec.getString("status"));
            hub.subscribe(s, recording, speakers, resumeFrom, lastSeq -> {
                ack.put("lastSeq", lastSeq);
                return Outbound.essential(WsJson.write(ack));
            });
            return null;
        });
    }

    private LiveHandler liveHandler() throws BadRequest {
        LiveHandler l = live;
        if (l == null) {
            throw new BadRequest("live.unavailable", "live streams are not enabled on this server");
        }
        return l;
    }

    private void liveStart(WsSession s, JsonNode id, JsonNode msg) throws BadRequest {
        LiveHandler l = liveHandler();
        if (s.subscriptionCount() >= hub.limits().maxSubscriptions()) {
            throw new BadRequest("ws.too_many_subscriptions", "at most " + hub.limits().maxSubscriptions()
                    + " recordings per connection");
        }
        liveSubscribe(s, id, l, l.start(s, msg), "live.started");
    }

    private void liveResume(WsSession s, JsonNode id, JsonNode msg) throws BadRequest {
        LiveHandler l = liveHandler();
        liveSubscribe(s, id, l, l.resume(s, recording(msg)), "live.resumed");
    }

    /** Subscribes the producing connection to its stream's recording, answering with {@code reply}. */
    private void liveSubscribe(WsSession s, JsonNode id, LiveHandler l, Future<String> started, String reply) {
        started.onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof LiveHandler.Refused r) {
                    s.deliver(error(id, r.code(), r.getMessage()));
                } else {
                    LOG.log(Level.WARNING, "live stream failed to start: " + LogText.safe(ar.cause()));
                    s.deliver(error(id, "live.internal", "the stream could not start: "
                            + ar.cause().getClass().getSimpleName()));
                }
                return;
            }
            String recording = ar.result();
            hub.subscribe(s, recording, Set.of(), -1, lastSeq -> {
                ObjectNode ack = WsJson.reply(reply, id);
                ack.put("recording", recording);
                ack.put("lastSeq", lastSeq);
                return Outbound.essential(WsJson.write(ack));
            });
            l.subscribed(s, recording);
        });
    }

    private void liveStop(WsSession s, JsonNode id) throws BadRequest {
        if (!liveHandler().stop(s)) {
            throw new BadRequest("live.not_started", "this connection has no live stream to stop");
        }
    }

    private void unsubscribe(WsSession s, JsonNode id, JsonNode msg) throws BadRequest {
        String recording = recording(msg);
        boolean was = s.subscribedRecordings().contains(recording);
        hub.unsubscribe(s, recording);
        ObjectNode n = WsJson.reply("unsubscribed", id);
        n.put("recording", recording);
        n.put("wasSubscribed", was);
        s.deliver(Outbound.essential(WsJson.write(n)));
    }

    /** Segments and flags of a recording overlapping [from, to], optionally of one speaker. */
    private void timeline(WsSession s, JsonNode id, JsonNode msg) throws BadRequest {
        String recording = recording(msg);
        String speaker = optionalSpeaker(msg);
        Double from = time(msg, "from");
        Double to = time(msg, "to");
        Future<ObjectNode> reply = queries.timeline(recording, speaker, from, to).compose(segments ->
                queries.flags(recording).map(flags -> {
                    ObjectNode n = range(WsJson.reply("timeline", id), recording, speaker, from, to);
                    n.set("segments", WsJson.tree(segments));
                    n.set("flags", WsJson.tree(flags.stream()
                            .filter(f -> speaker == null || f.speaker() == null || speaker.equals(f.speaker()))
                            .filter(f -> (from == null || f.end() >= from) && (to == null || f.start() <= to))
                            .toList()));
                    return n;
                }));
        answer(s, id, reply, n -> n);
    }

    private void summary(WsSession s, JsonNode id, JsonNode msg) throws BadRequest {
        String recording = recording(msg);
        String speaker = optionalSpeaker(msg);
        Double from = time(msg, "from");
        Double to = time(msg, "to");
        answer(s, id, queries.summary(recording, speaker, from, to), list -> {
            ObjectNode n = range(WsJson.reply("summary", id), recording, speaker, from, to);
            n.set("speakers", WsJson.tree(list));
            return n;
        });
    }

    private static ObjectNode range(ObjectNode n, String recording, String speaker, Double from, Double to) {
        n.put("recording", recording);
        if (speaker != null) {
            n.put("speaker", speaker);
        }
        if (from != null) {
            n.put("from", from);
        }
        if (to != null) {
            n.put("to", to);
        }
        return n;
    }

    /**
     * Sends what {@code toReply} makes of the query's result (null: it delivered itself); an unknown recording is
     * {@code ws.not_found}, a refused id {@code ws.bad_message}, anything else {@code ws.internal}.
     */
    private <T> void answer(WsSession s, JsonNode id, Future<T> query, Function<T, ObjectNode> toReply) {
        query.onComplete(ar -> {
            try {
                if (ar.failed()) {
                    throw ar.cause();
                }
                ObjectNode reply = toReply.apply(ar.result());
                if (reply != null) {
                    s.deliver(Outbound.essential(WsJson.write(reply)));
                }
            } catch (ApiException e) {
                String code = e.status() == 404 ? "ws.not_found" : e.status() < 500 ? "ws.bad_message" : "ws.internal";
                s.deliver(error(id, code, e.getMessage()));
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "WebSocket query failed: " + LogText.safe(e));
                s.deliver(error(id, "ws.internal", "query failed: " + e.getClass().getSimpleName()));
            }
        });
    }

    private static String recording(JsonNode msg) throws BadRequest {
        JsonNode r = msg.get("recording");
        if (r == null || !r.isTextual() || !RECORDING_ID.matcher(r.asText()).matches()) {
            throw new BadRequest("ws.bad_message", "\"recording\" must be a recording id");
        }
        return r.asText();
    }

    private static Set<String> speakers(JsonNode msg) throws BadRequest {
        JsonNode list = msg.get("speakers");
        Set<String> out = new LinkedHashSet<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray() || list.size() > MAX_SPEAKERS) {
            throw new BadRequest("ws.bad_message", "\"speakers\" must be an array of at most " + MAX_SPEAKERS
                    + " speaker ids");
        }
        for (JsonNode sp : list) {
            if (!sp.isTextual() || sp.asText().isEmpty() || sp.asText().length() > MAX_SPEAKER_CHARS) {
                throw new BadRequest("ws.bad_message", "\"speakers\" entries must be speaker ids");
            }
            out.add(sp.asText());
        }
        return out;
    }

    private static String optionalSpeaker(JsonNode msg) throws BadRequest {
        JsonNode sp = msg.get("speaker");
        if (sp == null || sp.isNull()) {
            return null;
        }
        if (!sp.isTextual() || sp.asText().isEmpty() || sp.asText().length() > MAX_SPEAKER_CHARS) {
            throw new BadRequest("ws.bad_message", "\"speaker\" must be a speaker id");
        }
        return sp.asText();
    }

    private static Double time(JsonNode msg, String field) throws BadRequest {
        JsonNode t = msg.get(field);
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isNumber() || !Double.isFinite(t.asDouble()) || t.asDouble() < 0) {
            throw new BadRequest("ws.bad_message", "\"" + field + "\" must be seconds >= 0");
        }
        return t.asDouble();
    }

    private static Outbound error(JsonNode id, String code, String message) {
        return Outbound.essential(WsJson.error(id, code, message));
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
