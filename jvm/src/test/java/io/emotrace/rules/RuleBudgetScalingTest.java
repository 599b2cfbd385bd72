package io.emotrace.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleBudgetScalingTest {
    @Test
    void theBudgetIsPerThousandSegmentsBegun() {
        Duration two = Duration.ofSeconds(2);
        assertEquals(two, RuleSet.scaled(two, 0));
        assertEquals(two, RuleSet.scaled(two, 1000));
        assertEquals(Duration.ofSeconds(4), RuleSet.scaled(two, 1001));
        // the 3-hour bench meeting that a flat 2 s budget failed
        assertEquals(Duration.ofSeconds(16), RuleSet.scaled(two, 7006));
        assertNull(RuleSet.scaled(null, 7006));
    }
}
