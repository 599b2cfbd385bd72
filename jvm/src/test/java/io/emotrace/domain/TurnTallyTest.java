package io.emotrace.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TurnTallyTest {
    @Test
    void talkWeightsTheConfidencesGivenAndCountsTheUnsureSeconds() {
        TurnTally t = new TurnTally();
        assertNull(t.add(2, null).meanConfidence(), "no turn says: no figure");
        t.add(5, 0.42).add(1, 0.9).add(-1, 0.1);
        assertEquals(4, t.turns());
        assertEquals(8, t.seconds(), 1e-12);
        assertEquals(6, t.secondsWithConfidence(), 1e-12);
        assertEquals((5 * 0.42 + 0.9) / 6, t.meanConfidence(), 1e-12);
        assertEquals(5, t.unsureSeconds(), 1e-12, "the 0.42 turn is under 0.5; the negative one counts as 0 s");
    }
}
