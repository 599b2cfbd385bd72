package io.emotrace.web.auth;

import io.vertx.core.Future;

/**
 * A request budget per principal (token id, or client address on loopback): a token bucket of {@code burst}
 * requests refilled at a steady rate. One node keeps its buckets in memory ({@link LocalRateLimiter}); cluster
 * nodes share them ({@link ClusterRateLimiter}), so a client cannot multiply its budget by the number of nodes.
 * Both answer through a future because the shared one asks another node; callers are on the event loop and the
 * future completes there.
 */
public interface RateLimiter {
    /** Spends one request of {@code principal}'s budget; true when there was one. */
    Future<Boolean> allow(String principal);

    /** Whether {@code principal} has budget left, without spending any. */
    Future<Boolean> available(String principal);
}
