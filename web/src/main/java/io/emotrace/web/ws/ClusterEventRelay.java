package io.emotrace.web.ws;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Cluster mode: joins this node's {@link EventHub} to the others' over the Vert.x clustered event bus. Each event
 * a hub publishes (already numbered and serialised) is published once on {@link #ADDRESS}; every other node's hub
 * {@linkplain EventHub#ingest ingests} it unchanged. The event bus keeps the order of one sender's messages, and
 * a hub relays a recording's events under that recording's lock, so subscribers anywhere get a job's events in
 * {@code seq} order from the node that runs it.
 */
public final class ClusterEventRelay implements EventHub.Relay, AutoCloseable {
    public static final String ADDRESS = "emotrace.events";

    private final Vertx vertx;
    private final String node;
    private final MessageConsumer<JsonObject> consumer;

    public ClusterEventRelay(Vertx vertx, EventHub hub, String node) {
        this.vertx = vertx;
        this.node = node;
        this.consumer = vertx.eventBus().<JsonObject>consumer(ADDRESS, msg -> {
            JsonObject b = msg.body();
            if (node.equals(b.getString("origin"))) {
                return; // this node's own event: its hub has it already
            }
            if (b.containsKey("rules")) {
                hub.ingestRules(b.getString("rules"));
                return;
            }
            hub.ingest(new EventHub.Relayed(b.getString("recording"), b.getString("text"),
                    Outbound.Kind.valueOf(b.getString("kind")), b.getLong("seq"), b.getString("key"),
                    b.getString("speaker"), b.getBoolean("terminal", false), b.getBoolean("deleted", false)));
        });
        hub.relay(this);
    }

    @Override
    public void event(EventHub.Relayed e) {
        vertx.eventBus().publish(ADDRESS, new JsonObject().put("origin", node).put("recording", e.recording())
                .put("text", e.text()).put("kind", e.kind().name()).put("seq", e.seq()).put("key", e.key())
                .put("speaker", e.speaker()).put("terminal", e.terminal()).put("deleted", e.deleted()));
    }

    @Override
    public void rules(String text) {
        vertx.eventBus().publish(ADDRESS, new JsonObject().put("origin", node).put("rules", text));
    }

    @Override
    public void close() {
        consumer.unregister();
    }
}
