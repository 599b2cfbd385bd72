package io.emotrace.web.ws;

import io.emotrace.web.ApiErrors;
import io.emotrace.web.ServiceContext;
import io.emotrace.web.ServiceExtension;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Mounts {@code /ws}: authenticates the upgrade request exactly like the HTTP API (bearer header, or
 * {@code ?access_token=} since browsers cannot set headers on a WebSocket), then attaches a {@link WsSession} to
 * the socket and the {@link EventHub} to the service's analysis events.
 */
public final class WebSocketExtension implements ServiceExtension {
    public static final String PATH = "/ws";
    /** Socket-level write buffer per connection before {@code writeQueueFull}; our own queue holds the rest. */
    private static final int SOCKET_WRITE_QUEUE_BYTES = 256 * 1024;

    private final WsLimits base;
    private EventHub hub;
    private ClusterEventRelay relay;
    private WsProtocol protocol;
    private int maxFrameBytes;
    private int maxMessageBytes;

    /** With {@link WsLimits#DEFAULT} (the ServiceLoader's way). */
    public WebSocketExtension() {
        this(WsLimits.DEFAULT);
    }

    public WebSocketExtension(WsLimits limits) {
        this.base = limits;
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public void mount(ServiceContext ctx) {
        WsLimits d = base;
        WsLimits limits = new WsLimits(Math.min(d.maxMessageBytes(), ctx.config().maxWebSocketMessageBytes()),
                d.maxQueuedMessages(), d.maxQueuedBytes(), d.overLimitGrace(), d.historyPerRecording(),
                d.maxSubscriptions(), d.messagesPerSecond());
        maxFrameBytes = ctx.config().maxWebSocketFrameBytes();
        maxMessageBytes = ctx.config().maxWebSocketMessageBytes();
        hub = new EventHub(limits, System::currentTimeMillis);
        protocol = new WsProtocol(hub, ctx.queries());
        if (ctx.live() != null) {
            protocol.live(ctx.live());
        }
        ctx.events().add(hub);
        if (ctx.config().cluster()) {
            relay = new ClusterEventRelay(ctx.vertx(), hub, ctx.config().nodeId());
        }
        ctx.router().route(PATH).handler(rc -> upgrade(ctx, rc));
    }

    public EventHub hub() {
        return hub;
    }

    private void upgrade(ServiceContext ctx, RoutingContext rc) {
        HttpServerRequest req = rc.request();
        // authentication may look the token up asynchronously: hold the upgrade until it answers
        req.pause();
        ctx.auth().authenticateUpgrade(req).onComplete(auth -> {
            if (auth.failed()) {
                ApiErrors.fail(rc, auth.cause()); // plain HTTP 401/429 before any upgrade
                return;
            }
            Context context = ctx.vertx().getOrCreateContext();
            req.toWebSocket().onSuccess(socket -> attach(socket, context)).onFailure(e -> {
                if (!rc.response().ended()) {
                    ApiErrors.send(rc, 400, "ws.upgrade_failed", "not a WebSocket upgrade: " + e.getMessage());
                }
            });
        });
    }

    private void attach(ServerWebSocket socket, Context context) {
        socket.setWriteQueueMaxSize(SOCKET_WRITE_QUEUE_BYTES);
        WsSession session = protocol.open(UUID.randomUUID().toString(), new VertxTransport(socket, context));
        WsMessageAssembler assembler = new WsMessageAssembler(maxFrameBytes, hub.limits().maxMessageBytes(),
                maxMessageBytes);
        // frames, not Vert.x's message aggregation: that one drops an oversize fragmented message silently
        socket.frameHandler(frame -> {
            if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
                return; // ping, pong and close are Vert.x's
            }
            WsMessageAssembler.Result r = assembler.frame(!frame.isContinuation(), frame.isText(), frame.isFinal(),
                    frame.binaryData().getBytes());
            if (r instanceof WsMessageAssembler.Text t) {
                protocol.onText(session, t.text());
            } else if (r instanceof WsMessageAssembler.TooBig t) {
                protocol.onTooBig(session, t.bytes());
            } else if (r instanceof WsMessageAssembler.Binary b) {
                protocol.onBinary(session, b.data(), b.bytes());
            } else if (r instanceof WsMessageAssembler.Close c) {
                session.close(c.code(), c.reason());
            }
        });
        socket.drainHandler(v -> session.drained());
        socket.exceptionHandler(e -> {
            // Netty refuses a frame over maxWebSocketFrameBytes (1009) or a protocol error (1002) itself; say so
            // in the close frame instead of Vert.x's plain 1000
            if (e instanceof CorruptedWebSocketFrameException bad && !socket.isClosed()) {
                socket.close((short) bad.closeStatus().code(), bad.closeStatus().reasonText()); // before Vert.x's
                session.close((short) bad.closeStatus().code(), bad.closeStatus().reasonText());
            }
        });
        socket.closeHandler(v -> protocol.closed(session));
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        // sessions close with their sockets when the HTTP server stops
    }
}
