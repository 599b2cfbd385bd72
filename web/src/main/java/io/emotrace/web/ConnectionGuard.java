package io.emotrace.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow or numerous clients from holding connections (and upload files) forever: caps on open connections
 * in total and per client address; a deadline for a request's headers (from the connection's start, or about that
 * long after the previous exchange on a keep-alive connection); and a minimum rate for a request body, checked
 * every {@code requestBodyCheckMs}. A WebSocket is left alone once upgraded (it has its own limits); a refused
 * upgrade is an ordinary connection. Timers run on the event loop and only look at counters.
 */
final class ConnectionGuard {
    private final Vertx vertx;
    private final ServiceConfig config;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<HttpConnection, State> states = new ConcurrentHashMap<>();

    /** One connection: its current request and since when it has been idle. */
    private static final class State {
        final long openedAt;
        volatile HttpServerRequest current;
        volatile boolean closed;
        long idleSince;

        State(long now) {
            openedAt = now;
            idleSince = now;
        }
    }

    ConnectionGuard(Vertx vertx, ServiceConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** For {@code HttpServer.connectionHandler}: counts, refuses over the caps, starts the header deadline. */
    void onConnection(HttpConnection conn) {
        String address = conn.remoteAddress() == null ? "?" : conn.remoteAddress().hostAddress();
        AtomicInteger mine = perAddress.computeIfAbsent(address, k -> new AtomicInteger());
        int all = total.incrementAndGet();
        int own = mine.incrementAndGet();
        State state = new State(System.nanoTime());
        states.put(conn, state);
        conn.closeHandler(v -> {
            state.closed = true;
            states.remove(conn);
            total.decrementAndGet();
            if (mine.decrementAndGet() <= 0) {
                perAddress.remove(address, mine);
            }
        });
        if (all > config.maxConnections() || own > config.maxConnectionsPerAddress()) {
            conn.close(); // no request to answer yet; the client sees the connection closed at once
            return;
        }
        watchHeaders(conn, state);
    }

    /** Wraps the request handler: notes the request; a body must keep coming at the minimum rate. */
    Handler<HttpServerRequest> wrap(Handler<HttpServerRequest> next) {
        return req -> {
            State state = states.get(req.connection());
            if (state != null) {
                state.current = req;
                if (!req.canUpgradeToWebSocket() && !req.isEnded()) {
                    watchBody(req, req.bytesRead());
                }
            }
            next.handle(req);
        };
    }

    /**
     * Polls (a quarter of the deadline apart; the response's own end handler belongs to the routes) whether the
     * connection has sat without a complete request for the deadline: from its start, or from the moment its last
     * exchange was seen finished. A request being received or answered is the body watch's and the routes' job.
     */
    private void watchHeaders(HttpConnection conn, State state) {
        long deadline = config.requestHeaderTimeoutMs();
        vertx.setTimer(Math.max(25, deadline / 4), t -> {
            if (state.closed) {
                return;
            }
            long now = System.nanoTime();
            HttpServerRequest req = state.current;
            if (req != null && req.canUpgradeToWebSocket() && req.response().getStatusCode() < 400) {
                return; // upgraded: a WebSocket has its own limits; a refused upgrade (401, 429) stays watched
            }
            // answered = idle: a body still arriving after an early answer is ApiErrors' to drain and close
            boolean idle = req == null || req.response().ended();
            if (!idle) {
                state.idleSince = 0;
            } else if (state.idleSince == 0) {
                state.idleSince = now;
            }
            if (idle && (now - state.idleSince) / 1_000_000 >= (req == null ? deadline : deadline * 3 / 4)) {
                conn.close();
                return;
            }
            watchHeaders(conn, state);
        });
    }

    private void watchBody(HttpServerRequest req, long seen) {
        long check = config.requestBodyCheckMs();
        vertx.setTimer(check, t -> {
            if (req.isEnded() || req.response().closed()) {
                return;
            }
            long now = req.bytesRead();
            if (now - seen < (long) config.requestBodyMinBytesPerSecond() * check / 1000) {
                tooSlow(req);
            } else {
                watchBody(req, now);
            }
        });
    }

    /** 408 with the JSON error body when still possible, then the connection goes (its upload file with it). */
    private static void tooSlow(HttpServerRequest req) {
        if (!req.response().headWritten() && !req.response().ended()) {
            req.response().setStatusCode(408).putHeader("content-type", "application/json")
                    .putHeader("connection", "close")
                    .end(new JsonObject().put("error", new JsonObject().put("code", "request_timeout")
                            .put("message", "request body too slow")).encode());
        }
        req.connection().close();
    }

    int openConnections() {
        return total.get();
    }
}
