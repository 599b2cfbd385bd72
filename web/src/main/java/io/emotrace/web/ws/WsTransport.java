package io.emotrace.web.ws;

/**
 * What a {@link WsSession} needs from its socket; the Vert.x adapter implements it over a ServerWebSocket, tests
 * over a list. {@link #write} and {@link #writeQueueFull} are only called from tasks run by {@link #execute}.
 */
public interface WsTransport {
    /** Runs {@code task} on the socket's own thread (its event loop), in submission order. */
    void execute(Runnable task);

    /** True while the socket's own write buffer is full; the adapter then calls {@link WsSession#drained()}. */
    boolean writeQueueFull();

    void write(String text);

    /** Stops reading the client's frames (TCP backpressure) until {@link #resumeInput()}; safe from any thread. */
    default void pauseInput() {
    }

    default void resumeInput() {
    }

    /** Closes with a WebSocket status code (1000 normal, 1008 policy violation, 1011 server error). */
    void close(short code, String reason);
}
