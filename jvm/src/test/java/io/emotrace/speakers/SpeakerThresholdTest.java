package io.emotrace.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.SpeakerName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeakerThresholdTest {
    static final SpeakerThreshold CURVE = new SpeakerThreshold(List.of(new SpeakerThreshold.Point(10, 0.7),
            new SpeakerThreshold.Point(2, 0.6)));

    @Test
    void interpolatesBetweenPointsAndHoldsFlatOutside() {
        assertEquals(0.6, CURVE.at(0.5), 1e-12);
        assertEquals(0.6, CURVE.at(2), 1e-12);
        assertEquals(0.65, CURVE.at(6), 1e-12);
        assertEquals(0.7, CURVE.at(10), 1e-12);
        assertEquals(0.7, CURVE.at(600), 1e-12);
        assertEquals(0.7, CURVE.at(Double.NaN), 1e-12, "unknown amount of speech: the long-voice threshold");
        assertEquals(0.5, SpeakerThreshold.fixed(0.5).at(3), 1e-12);
        assertEquals("0.60 at 2 s, 0.70 at 10 s", CURVE.toString());
    }

    @Test
    void aShortVoiceNeedsLessSimilarityThanALongOne() {
        List<Voiceprint> voices = List.of(SpeakerMatcherTest.voice("Alice", 1, 0, 0), SpeakerMatcherTest.voice("Bob", 0, 1, 0));
        // both at cosine 0.65 with their voice; S1 spoke 2 s, S2 40 s
        Map<String, float[]> c = Map.of("S1", new float[] {0.65f, 0, 0.76f}, "S2", new float[] {0, 0.65f, 0.76f});
        Map<String, SpeakerName> names = SpeakerMatcher.match(c, Map.of("S1", 2.0, "S2", 40.0), voices, CURVE);
        assertEquals("Alice", names.get("S1").name());
        assertFalse(names.containsKey("S2"), "0.65 is under 0.70 for a voice of 40 s");
        assertTrue(SpeakerMatcher.match(c, Map.of(), voices, CURVE).isEmpty(), "without seconds: 0.70 for everyone");
    }
}
