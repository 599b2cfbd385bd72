package io.emotrace.web.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** One token bucket per principal (token id, or client address on loopback); full idle buckets are dropped. */
public final class RateLimiter {
    private static final int SWEEP_EVERY = 1024;

    private final double perSecond;
    private final int burst;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private int calls;

    public RateLimiter(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    RateLimiter(double perSecond, int burst, LongSupplier clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /** Whether {@code principal} has budget left, without spending any. */
    public boolean available(String principal) {
        TokenBucket b = buckets.get(principal);
        return b == null || b.available(clock.getAsLong());
    }

    public boolean allow(String principal) {
        long now = clock.getAsLong();
        if (++calls % SWEEP_EVERY == 0) {
            // keeps memory bounded by the number of recently active clients, not by all clients ever seen
            buckets.entrySet().removeIf(e -> e.getValue().idleFull(now));
        }
        return buckets.computeIfAbsent(principal, k -> new TokenBucket(perSecond, burst, now)).tryTake(now);
    }
}
