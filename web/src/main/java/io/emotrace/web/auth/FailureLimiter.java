package io.emotrace.web.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed authentications per client address, as a token bucket: {@code burst} wrong tokens at once, then
 * {@code perMinute}; an address out of budget is refused before its token is even looked at.
 */
public final class FailureLimiter {
    private static final int SWEEP_EVERY = 256;

    private final double perSecond;
    private final int burst;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private int calls;

    public FailureLimiter(double perMinute, int burst) {
        this(perMinute, burst, System::nanoTime);
    }

    FailureLimiter(double perMinute, int burst, LongSupplier clock) {
        this.perSecond = perMinute / 60;
        this.burst = burst;
        this.clock = clock;
    }

    /** Whether this address may still try a token. */
    public boolean mayTry(String address) {
        TokenBucket b = buckets.get(address);
        return b == null || b.available(clock.getAsLong());
    }

    /** Counts one failure of this address. */
    public void failed(String address) {
        long now = clock.getAsLong();
        if (++calls % SWEEP_EVERY == 0) {
            buckets.entrySet().removeIf(e -> e.getValue().idleFull(now));
        }
        buckets.computeIfAbsent(address, k -> new TokenBucket(perSecond, burst, now)).tryTake(now);
    }
}
