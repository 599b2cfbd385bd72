package io.emotrace.web.auth;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One node's {@link RateLimiter}: one token bucket per principal in this JVM's memory; full idle buckets are
 * dropped. Single-node mode uses it, and a cluster node falls back to it while the shared one cannot be reached.
 */
public final class LocalRateLimiter implements RateLimiter {
    private static final int SWEEP_EVERY = 1024;

    private final double perSecond;
    private final int burst;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private int calls;

    public LocalRateLimiter(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    LocalRateLimiter(double perSecond, int burst, LongSupplier clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    @Override
    public Future<Boolean> allow(String principal) {
        return Future.succeededFuture(allowNow(principal));
    }

    @Override
    public Future<Boolean> available(String principal) {
        return Future.succeededFuture(availableNow(principal));
    }

    /** Whether {@code principal} has budget left, without spending any. */
    public boolean availableNow(String principal) {
        TokenBucket b = buckets.get(principal);
        return b == null || b.available(clock.getAsLong());
    }

    /** Spends one request of {@code principal}'s budget; true when there was one. */
    public boolean allowNow(String principal) {
        long now = clock.getAsLong();
        if (++calls % SWEEP_EVERY == 0) {
            // keeps memory bounded by the number of recently active clients, not by all clients ever seen
            buckets.entrySet().removeIf(e -> e.getValue().idleFull(now));
        }
        return buckets.computeIfAbsent(principal, k -> new TokenBucket(perSecond, burst, now)).tryTake(now);
    }
}
