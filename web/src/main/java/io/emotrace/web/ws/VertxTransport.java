package io.emotrace.web.ws;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;

/** {@link WsTransport} over a Vert.x server WebSocket; tasks run on the socket's event-loop context. */
final class VertxTransport implements WsTransport {
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final ServerWebSocket socket;
    private final Context context;

    VertxTransport(ServerWebSocket socket, Context context) {
        this.socket = socket;
        this.context = context;
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void write(String text) {
        socket.writeTextMessage(text);
    }

    /**
     * On the socket's own thread (a frame handler) at once, so no frame of the read burst under way reaches the
     * handler after this (Vert.x queues them and stops reading); from elsewhere, on the socket's thread.
     */
    @Override
    public void pauseInput() {
        if (io.vertx.core.Vertx.currentContext() == context) {
            socket.pause();
        } else {
            context.runOnContext(v -> socket.pause());
        }
    }

    @Override
    public void resumeInput() {
        context.runOnContext(v -> socket.resume());
    }

    @Override
    public void close(short code, String reason) {
        if (!socket.isClosed()) {
            // a client that stopped reading never acknowledges the close: the connection goes after the grace
            socket.shutdown(CLOSE_GRACE, code, reason);
        }
    }
}
