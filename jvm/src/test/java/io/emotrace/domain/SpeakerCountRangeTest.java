package io.emotrace.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpeakerCountRangeTest {
    @Test
    void describesAndCovers() {
        SpeakerCountRange r = new SpeakerCountRange(3, 2, 4);
        assertEquals("3 (2-4 plausible)", r.describe());
        assertTrue(r.covers(2) && r.covers(4));
        assertFalse(r.covers(1) || r.covers(5) || r.certain());
        assertEquals("2", SpeakerCountRange.exactly(2).describe());
        assertTrue(SpeakerCountRange.exactly(2).certain());
    }

    @Test
    void refusesARangeWithoutItsCount() {
        assertThrows(IllegalArgumentException.class, () -> new SpeakerCountRange(3, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> new SpeakerCountRange(3, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new SpeakerCountRange(0, -1, 0));
    }
}
