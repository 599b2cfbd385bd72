package io.emotrace.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.emotrace.domain.SpeakerName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeakerMatcherTest {
    static Voiceprint voice(String name, float... v) {
        return new Voiceprint(SpeakerDirectory.idOf(name), name, SpeakerDirectory.unitOf(toDouble(v)), 30, 5, "project",
                "t", "t");
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void openSetANameGoesToTheBestSpeakerOnlyAndUnknownVoicesStayAnonymous() {
        List<Voiceprint> voices = List.of(voice("Alice", 1, 0, 0), voice("Bob", 0, 1, 0));
        Map<String, float[]> centroids = new LinkedHashMap<>();
        centroids.put("S1", new float[] {0.8f, 0.6f, 0});    // Alice 0.8, Bob 0.6
        centroids.put("S2", new float[] {0.9f, 0.1f, 0.42f}); // Alice 0.90, Bob 0.10 (normalised below)
        centroids.put("S3", new float[] {0, 0, 1});          // nobody
        Map<String, SpeakerName> names = SpeakerMatcher.match(centroids, voices, 0.55);
        assertEquals("Alice", names.get("S2").name(), "the closer of the two Alice candidates");
        assertEquals("Bob", names.get("S1").name(), "Alice is taken; Bob still clears the threshold");
        assertFalse(names.containsKey("S3"));
        assertEquals(0.6, names.get("S1").score(), 1e-4);
        assertEquals(SpeakerName.ENROLLED, names.get("S1").source());

        Map<String, SpeakerName> strict = SpeakerMatcher.match(centroids, voices, 0.7);
        assertEquals("Alice", strict.get("S2").name());
        assertNull(strict.get("S1"), "Bob at 0.6 is under 0.7: S1 stays anonymous");
    }

    @Test
    void voicesOfAnotherDimensionAreNeverCompared() {
        Map<String, SpeakerName> names = SpeakerMatcher.match(Map.of("S1", new float[] {1, 0}),
                List.of(voice("Alice", 1, 0, 0)), 0.1);
        assertEquals(Map.of(), names);
    }
}
