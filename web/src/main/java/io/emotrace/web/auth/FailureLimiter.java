package io.emotrace.web.auth;

import java.util.function.LongSupplier;

/**
 * Failed authentications per client address, as a token bucket ({@link RateLimiter}): {@code burst} wrong tokens
 * at once, then {@code perMinute}; an address out of budget is refused before its token is even looked at.
 */
public final class FailureLimiter {
    private final RateLimiter failures;

    public FailureLimiter(double perMinute, int burst) {
        this(perMinute, burst, System::nanoTime);
    }

    FailureLimiter(double perMinute, int burst, LongSupplier clock) {
        this.failures = new RateLimiter(perMinute / 60, burst, clock);
    }

    /** Whether this address may still try a token. */
    public boolean mayTry(String address) {
        return failures.available(address);
    }

    /** Counts one failure of this address. */
    public void failed(String address) {
        failures.allow(address);
    }
}
