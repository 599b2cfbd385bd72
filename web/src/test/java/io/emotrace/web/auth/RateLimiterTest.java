package io.emotrace.web.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void burstThenRefillPerPrincipal() {
        AtomicLong now = new AtomicLong();
        LocalRateLimiter limiter = new LocalRateLimiter(2, 3, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.allowNow("a"));
        }
        assertFalse(limiter.allowNow("a"), "burst used up");
        assertTrue(limiter.allowNow("b"), "another principal has its own bucket");
        now.addAndGet(500_000_000L); // 0.5 s at 2/s = one token
        assertTrue(limiter.allowNow("a"));
        assertFalse(limiter.allowNow("a"));
    }
}
