package io.emotrace.web.auth;

import io.vertx.core.Future;

/**
 * Failed authentications per client address, as a token bucket ({@link RateLimiter}): {@code burst} wrong tokens
 * at once, then {@code perMinute}; an address out of budget is refused whatever token it sends. In
 * cluster mode the buckets are the cluster's ({@link ClusterRateLimiter}), so guessing is not multiplied by the
 * number of nodes.
 */
public final class FailureLimiter {
    private final RateLimiter failures;

    /** Over {@code failures}, a limiter whose rate is failures per second. */
    public FailureLimiter(RateLimiter failures) {
        this.failures = failures;
    }

    /** One node's limiter: {@code burst} failures, then {@code perMinute}. */
    public static FailureLimiter local(double perMinute, int burst) {
        return new FailureLimiter(new LocalRateLimiter(perMinute / 60, burst));
    }

    /** Whether this address has failure budget left (nothing is spent): a right token is only accepted then. */
    public Future<Boolean> mayTry(String address) {
        return failures.available(address);
    }

    /** Counts one failure of this address, atomically; false when its budget was already spent. */
    public Future<Boolean> failed(String address) {
        return failures.allow(address);
    }
}
