package io.emotrace.web.auth;

/**
 * Classic token bucket: {@code burst} requests at once, refilled at {@code perSecond}; times are the caller's
 * nanosecond clock. Thread-safe. Used per principal by {@link RateLimiter} and per WebSocket session.
 */
public final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, double burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    public synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) / 1e9 * perSecond);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether a request could be taken now (nothing is taken). */
    public synchronized boolean available(long nowNanos) {
        return tokens + (nowNanos - last) / 1e9 * perSecond >= 1;
    }

    /** Whether the bucket would be full now (nothing is taken): an idle client that can be forgotten. */
    public synchronized boolean idleFull(long nowNanos) {
        return tokens + (nowNanos - last) / 1e9 * perSecond >= burst;
    }
}
