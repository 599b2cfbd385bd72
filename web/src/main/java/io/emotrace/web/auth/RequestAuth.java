package io.emotrace.web.auth;

import io.emotrace.web.ApiErrors;
import io.emotrace.web.ApiException;
import io.emotrace.web.LogText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Authentication and rate limiting shared by the HTTP API and the WebSocket. Off loopback (or with
 * {@code requireTokens}) every request needs {@code Authorization: Bearer <token>}; only the WebSocket handshake
 * also takes {@code ?access_token=<token>} (browsers cannot set headers there) — anywhere else a token in the
 * URL is refused, as URLs end up in proxy logs and browser history. On loopback without a token the client
 * address is the principal. A presented token is always checked, also on loopback: in memory, in constant time,
 * after the client address's budget of failed attempts ({@link FailureLimiter}).
 */
public final class RequestAuth {
    public static final String PRINCIPAL = "emotrace.principal";
    /** Tokens created or revoked by another process (the CLI) are seen within this time. */
    static final long RELOAD_MS = 5000;

    private final boolean tokensRequired;
    private final LiveTokens tokens;
    private final RateLimiter limiter;
    private final FailureLimiter failures;

    public RequestAuth(boolean tokensRequired, ApiTokens tokens, RateLimiter limiter, FailureLimiter failures) {
        this.tokensRequired = tokensRequired;
        this.tokens = new LiveTokens(tokens);
        this.limiter = limiter;
        this.failures = failures;
    }

    /** Loads the live token hashes now (blocking), then every few seconds on {@code pool}. */
    public void start(Vertx vertx, WorkerExecutor pool) throws SQLException {
        tokens.reload();
        vertx.setPeriodic(RELOAD_MS, t -> pool.executeBlocking(() -> {
            tokens.reload();
            return null;
        }, false).onFailure(e -> System.err.println("emotrace serve: reloading API tokens: " + LogText.safe(e))));
    }

    public boolean tokensRequired() {
        return tokensRequired;
    }

    /** Reloads the live tokens now (after a create or revoke in this process; blocking). */
    public void reload() throws SQLException {
        tokens.reload();
    }

    /** The principal for an HTTP API request, or a failed future with a 400/401/429 {@link ApiException}. */
    public Future<String> authenticate(HttpServerRequest req) {
        if (req.getParam("access_token") != null) {
            return Future.failedFuture(ApiException.badRequest("auth.token_in_url", "an API token in the URL is "
                    + "accepted only on the WebSocket handshake (/ws); send Authorization: Bearer <token>"));
        }
        return authenticate(req, bearer(req));
    }

    /** The principal for a WebSocket handshake: the bearer header or {@code ?access_token=}. */
    public Future<String> authenticateUpgrade(HttpServerRequest req) {
        String token = bearer(req);
        if (token == null) {
            String q = req.getParam("access_token");
            token = q == null || q.isBlank() ? null : q;
        }
        return authenticate(req, token);
    }

    private static ApiException tooManyFailures() {
        return new ApiException(429, "auth.too_many_failures", "too many wrong API tokens from this address; wait a minute");
    }

    private Future<String> authenticate(HttpServerRequest req, String token) {
        String address = req.remoteAddress() == null ? "?" : req.remoteAddress().hostAddress();
        if (token == null) {
            if (tokensRequired) {
                return Future.failedFuture(new ApiException(401, "unauthorized",
                        "an API token is required: Authorization: Bearer <token> (create one with "
                                + "'emotrace serve --create-token NAME')"));
            }
            return limited("addr:" + address);
        }
        // a wrong token spends from the address's failure budget in one atomic step (parallel guesses cannot all
        // pass a check made before any of them is counted); a right one only looks, and is refused as well once
        // the budget is gone, so an exhausted guesser cannot tell a hit from a miss
        Optional<String> id = tokens.match(token);
        if (id.isEmpty()) {
            return failures.failed(address).compose(counted -> Future.failedFuture(counted
                    ? new ApiException(401, "unauthorized", "unknown or revoked API token") : tooManyFailures()));
        }
        return failures.mayTry(address).compose(may -> may ? limited("token:" + id.get())
                : Future.failedFuture(tooManyFailures()));
    }

    private Future<String> limited(String principal) {
        return limiter.allow(principal).compose(allowed -> allowed ? Future.succeededFuture(principal)
                : Future.failedFuture(new ApiException(429, "rate_limited", "too many requests; slow down")));
    }

    static String bearer(HttpServerRequest req) {
        String h = req.getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = h.substring(7).trim();
            return t.isEmpty() ? null : t;
        }
        return null;
    }

    /** Route handler: authenticates, stores the principal in the context, or answers 400/401/429. */
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
