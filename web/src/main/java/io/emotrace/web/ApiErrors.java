package io.emotrace.web;

import io.emotrace.EmotraceException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/** The one place that turns failures into HTTP error bodies {@code {"error":{"code","message"}}}. */
public final class ApiErrors {
    private ApiErrors() {
    }

    public static void send(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset(); // a half-sent body cannot be turned into an error: abort it
            return;
        }
        if (!ctx.request().isEnded() && hasBody(ctx.request())) {
            // answered before the body was read (too large, unauthorized, ...): the client must stop sending
            ctx.response().putHeader("connection", "close");
            ctx.response().endHandler(v -> drainThenClose(ctx));
        }
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message))
                        .encode());
    }

    private static final long DRAIN_BYTES = 8L << 20;
    private static final long DRAIN_MILLIS = 3000;

    private static boolean hasBody(HttpServerRequest req) {
        String len = req.getHeader("content-length");
        return req.getHeader("transfer-encoding") != null || (len != null && !len.trim().equals("0"));
    }

    /**
     * Reads and drops what the client still sends (up to a few MB or seconds) before closing, so the client gets
     * to read the error instead of a connection reset; a client sending more than that is cut off.
     */
    private static void drainThenClose(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Runnable close = () -> req.connection().close();
        long timer = ctx.vertx().setTimer(DRAIN_MILLIS, t -> close.run());
        long[] seen = {0};
        try {
            req.exceptionHandler(e -> close.run());
            req.handler(b -> {
                seen[0] += b.length();
                if (seen[0] > DRAIN_BYTES) {
                    close.run();
                }
            });
            req.endHandler(v -> {
                ctx.vertx().cancelTimer(timer);
                close.run();
            });
            req.resume();
        } catch (IllegalStateException alreadyRead) {
            ctx.vertx().cancelTimer(timer);
            close.run();
        }
    }

    public static void fail(RoutingContext ctx, Throwable t) {
        if (t instanceof ApiException a) {
            send(ctx, a.status(), a.code(), a.getMessage());
        } else if (t instanceof EmotraceException e) {
            send(ctx, 422, e.code(), e.getMessage());
        } else if (fromMultipartDecoder(t)) {
            send(ctx, 400, "upload.bad_multipart", "malformed multipart body ("
                    + t.getClass().getSimpleName() + "): check the boundary and the part headers");
        } else if (t instanceof HttpException h) {
            send(ctx, h.getStatusCode(), codeFor(h.getStatusCode()), h.getPayload() != null ? h.getPayload()
                    : statusText(h.getStatusCode()));
        } else {
            // never the exception's message: it may quote what the client sent
            System.err.println("emotrace serve: internal error on " + ctx.request().method() + " "
                    + LogText.safe(ctx.request().path()) + ": " + LogText.failure(t));
            send(ctx, 500, "internal", "internal error: " + t.getClass().getSimpleName());
        }
    }

    /**
     * Whether the multipart decoder failed on what the client sent: its own exceptions, or anything thrown from
     * inside it (a body that is not multipart at all ends in a NullPointerException there).
     */
    private static boolean fromMultipartDecoder(Throwable t) {
        if (t instanceof HttpPostRequestDecoder.ErrorDataDecoderException
                || t instanceof HttpPostRequestDecoder.TooLongFormFieldException
                || t instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
            return true;
        }
        StackTraceElement[] at = t.getStackTrace();
        for (int i = 0; i < Math.min(at.length, 4); i++) {
            if (at[i].getClassName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The HTTP layer's own refusals (request line too long, headers too large, unparsable request) in the same
     * JSON error format instead of Vert.x's empty bodies; the connection is closed after the answer.
     */
    public static void invalidRequest(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status;
        String code;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            code = "uri_too_long";
            message = "request line too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            code = "headers_too_large";
            message = "request headers too large";
        } else {
            status = 400;
            code = "bad_request";
            message = "malformed HTTP request";
        }
        req.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("connection", "close")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message))
                        .encode())
                .onComplete(v -> req.connection().close());
    }

    /** Router failure handler: errors thrown by handlers or raised by Vert.x (413 from BodyHandler, ...). */
    public static void failureHandler(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t != null) {
            fail(ctx, t);
        } else {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            send(ctx, status, codeFor(status), statusText(status));
        }
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
    }

    static String statusText(int status) {
        return switch (status) {
            case 413 -> "request body too large";
            case 404 -> "no such resource";
            case 405 -> "method not allowed";
            default -> "HTTP " + status;
        };
    }
}
