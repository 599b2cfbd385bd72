package io.emotrace.web.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;

/**
 * What the {@code /ws} protocol hands live streams to (the service's live sessions): {@code live.start},
 * {@code live.resume} and {@code live.stop} messages and binary audio frames of one connection. Called on the
 * connection's event loop; implementations only route (file and model work run on their own threads).
 */
public interface LiveHandler {
    /** A request the live side refuses; {@code code} and the message go into the error frame. */
    final class Refused extends RuntimeException {
        private final String code;

        public Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Starts a stream for this connection; completes with the new recording id, or fails with {@link Refused}. */
    Future<String> start(WsSession s, JsonNode request);

    /** Reattaches this connection to a stream whose client disappeared; completes with its recording id. */
    Future<String> resume(WsSession s, String recording);

    /** Called once the connection is subscribed to the stream's recording: events may flow. */
    void subscribed(WsSession s, String recording);

    /** Ends this connection's stream (the rest of its audio is analysed first); false when it has none. */
    boolean stop(WsSession s);

    /**
     * A binary frame ({@code data} null when it was over the frame limit): true when it belonged to this
     * connection's stream (handled, or answered by the handler), false when the connection has no stream.
     */
    boolean audio(WsSession s, byte[] data, long bytes);

    /** The connection closed: its stream waits for a resume, then ends. */
    void closed(WsSession s);
}
