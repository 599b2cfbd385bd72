package io.emotrace.web.auth;

import io.emotrace.web.ApiErrors;
import io.emotrace.web.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authentication and rate limiting shared by the HTTP API and the WebSocket. Off loopback (or with
 * {@code requireTokens}) every request needs {@code Authorization: Bearer <token>}; browsers cannot set headers
 * on a WebSocket, so {@code /ws?access_token=<token>} is accepted too. On loopback without a token the client
 * address is the principal. A presented token is always checked, also on loopback.
 */
public final class RequestAuth {
    public static final String PRINCIPAL = "emotrace.principal";
    private static final int CACHE_LIMIT = 10_000;

    private final boolean tokensRequired;
    private final ApiTokens tokens;
    private final RateLimiter limiter;
    private final WorkerExecutor db;
    // hash lookups hit the database once per token; cleared when it grows past the limit
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public RequestAuth(boolean tokensRequired, ApiTokens tokens, RateLimiter limiter, WorkerExecutor db) {
        this.tokensRequired = tokensRequired;
        this.tokens = tokens;
        this.limiter = limiter;
        this.db = db;
    }

    public boolean tokensRequired() {
        return tokensRequired;
    }

    /** The principal for this request, or a failed future with a 401/429 {@link ApiException}. */
    public Future<String> authenticate(HttpServerRequest req) {
        String token = bearer(req);
        if (token == null) {
            if (tokensRequired) {
                return Future.failedFuture(new ApiException(401, "unauthorized",
                        "an API token is required: Authorization: Bearer <token> (create one with "
                                + "'emotrace serve --create-token NAME')"));
            }
            String principal = "addr:" + (req.remoteAddress() == null ? "?" : req.remoteAddress().hostAddress());
            return limited(principal);
        }
        String known = verified.get(ApiTokens.hash(token));
        if (known != null) {
            return limited(known);
        }
        return db.executeBlocking(() -> tokens.verify(token), false).compose(id -> {
            if (id.isEmpty()) {
                return Future.failedFuture(new ApiException(401, "unauthorized", "unknown or revoked API token"));
            }
            if (verified.size() > CACHE_LIMIT) {
                verified.clear();
            }
            verified.put(ApiTokens.hash(token), "token:" + id.get());
            return limited("token:" + id.get());
        });
    }

    /** Forgets cached verifications (after a revoke). */
    public void invalidate() {
        verified.clear();
    }

    private Future<String> limited(String principal) {
        if (!limiter.allow(principal)) {
            return Future.failedFuture(new ApiException(429, "rate_limited", "too many requests; slow down"));
        }
        return Future.succeededFuture(principal);
    }

    static String bearer(HttpServerRequest req) {
        String h = req.getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        String q = req.getParam("access_token");
        return q == null || q.isBlank() ? null : q;
    }

    /** Route handler: authenticates, stores the principal in the context, or answers 401/429. */
    public void handle(RoutingContext ctx) {
        authenticate(ctx.request()).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.put(PRINCIPAL, ar.result());
                ctx.next();
            } else {
                ApiErrors.fail(ctx, ar.cause());
            }
        });
    }

    public static Optional<String> principal(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(PRINCIPAL));
    }
}
