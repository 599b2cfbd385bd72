package io.emotrace.diarization.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineSpeakersTest {
    private static float[] voice(int axis, double noise, Random rnd) {
        float[] v = new float[16];
        v[axis] = 1;
        double n = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] += (float) (noise * rnd.nextGaussian());
            n += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    @Test
    void newVoicesOpenSpeakersAndLabelsStayStable() {
        Random rnd = new Random(1);
        OnlineSpeakers s = new OnlineSpeakers(0.5, 1.0);
        OnlineSpeakers.Assignment a = s.assign(voice(0, 0.05, rnd), 2);
        assertTrue(a.created());
        assertEquals("S1", a.speaker());
        assertEquals("S2", s.assign(voice(5, 0.05, rnd), 2).speaker());
        assertEquals("S1", s.assign(voice(0, 0.05, rnd), 2).speaker());
        OnlineSpeakers.Assignment shortOne = s.assign(voice(9, 0.05, rnd), 0.5);
        assertFalse(shortOne.created(), "a short utterance never opens a speaker");
        for (int i = 0; i < 6; i++) {
            s.assign(voice(i % 2 == 0 ? 0 : 5, 0.05, rnd), 2);
        }
        List<OnlineSpeakers.Relabel> changes = s.recluster();
        assertTrue(changes.stream().noneMatch(c -> c.utterance() != 3), changes.toString());
        assertEquals(List.of("S1", "S2"), s.speakers());
    }

    @Test
    void eachAssignmentDescribesItsDecision() {
        OnlineSpeakers s = new OnlineSpeakers(0.5, 1.0);
        float[] a = {1, 0, 0};
        float[] b = {0, 1, 0};
        float[] nearA = {0.8f, 0.6f, 0}; // cosine 0.8 to A, 0.6 to B
        double[] first = s.assign(a, 2).features();
        assertEquals(OnlineSpeakers.FEATURES, first.length);
        assertEquals(List.of(0.0, 0.0, Math.log(2), 0.0, 0.0, 1.0, 0.0), asList(first)); // a new voice, nothing before
        double[] second = s.assign(b, 4).features();
        assertEquals(0, second[0]);
        assertEquals(0, second[1], 1e-6, "a new voice: cosine to the nearest existing one");
        assertEquals(1, second[5]);
        OnlineSpeakers.Assignment third = s.assign(nearA, 0.05);
        assertEquals("S1", third.speaker());
        double[] f = third.features();
        assertEquals(0.8, f[0], 1e-6);
        assertEquals(0.6, f[1], 1e-6);
        assertEquals(Math.log(0.1), f[2], 1e-9, "seconds clamped to 0.1..30");
        assertEquals(2.0 / 6, f[3], 1e-9, "S1 held 2 of the 6 s so far");
        assertEquals(Math.log1p(2), f[4], 1e-9);
        assertEquals(0, f[5]);
        assertEquals(Math.log1p(2), f[6], 1e-9);
    }

    @Test
    void aReclusteringRebuildsTheVoicesTheFeaturesDescribe() {
        Random rnd = new Random(4);
        // online so strict that one voice opens several speakers; the offline re-clustering merges them into one
        OnlineSpeakers s = new OnlineSpeakers(0.01, 1.0,
                io.emotrace.diarization.clustering.ClusteringSettings.utteranceDefaults());
        for (int i = 0; i < 6; i++) {
            s.assign(voice(0, 0.12, rnd), 2);
        }
        assertTrue(s.speakers().size() > 1, "split online: " + s.speakers());
        assertFalse(s.recluster().isEmpty());
        assertEquals(1, s.speakers().size(), s.speakers().toString());
        double[] f = s.assign(voice(0, 0.12, rnd), 0.5).features(); // too short to open a voice: it joins
        assertEquals(1.0, f[3], 1e-9, "the one voice left holds all 12 s");
        assertEquals(Math.log1p(1), f[4], 1e-9, "one voice");
        assertEquals(0, f[1], "no other voice to be near");
    }

    private static List<Double> asList(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @Test
    void reclusteringMergesASpeakerSplitOnlineAndSaysSo() {
        Random rnd = new Random(2);
        // online: a threshold so tight that one voice was split in two
        OnlineSpeakers s = new OnlineSpeakers(0.05, 1.0);
        for (int i = 0; i < 6; i++) {
            s.assign(voice(0, 0.12, rnd), 2);
        }
        int before = s.speakers().size();
        assertTrue(before > 1, "split online");
        // the same utterances clustered with average linkage at the same distance: fewer groups, relabelled
        OnlineSpeakers wide = new OnlineSpeakers(0.5, 1.0);
        Random again = new Random(2);
        for (int i = 0; i < 6; i++) {
            wide.assign(voice(0, 0.12, again), 2);
        }
        assertEquals(List.of("S1"), wide.speakers());
        assertTrue(wide.recluster().isEmpty(), "nothing to change when the online labels agree");
    }

    @Test
    void aSpeakerMergedAwayByReclusteringIsNoLongerAssignedTo() {
        double theta = Math.acos(0.45); // 0.55 apart: two speakers online at 0.5
        float[] a = {1, 0};
        float[] b = {(float) Math.cos(theta), (float) Math.sin(theta)};
        float[] mid = {(float) Math.cos(theta / 2), (float) Math.sin(theta / 2)};
        OnlineSpeakers s = OnlineSpeakers.live(0.5);
        s.assign(a, 2);
        assertTrue(s.assign(b, 2).created());
        for (int i = 0; i < 4; i++) {
            s.assign(mid, 2);
        }
        assertTrue(s.reclusterDue());
        s.recluster(); // the utterances between the two voices make them one cluster: one label is gone
        assertEquals(1, s.speakers().size(), s.speakers().toString());
        OnlineSpeakers.Assignment next = s.assign(b, 2); // was a NullPointerException on the vanished label
        assertEquals(s.speakers().get(0), next.speaker());
    }

    @Test
    void reclusteringAsTheOfflineDiarizerMergesAVoiceSplitOnlineAndKeepsTwoVoicesApart() {
        Random rnd = new Random(4);
        // online so strict that every utterance opens a speaker; the re-clustering is the offline utterance clustering
        OnlineSpeakers s = new OnlineSpeakers(0.01, 1.0,
                io.emotrace.diarization.clustering.ClusteringSettings.utteranceDefaults());
        for (int i = 0; i < 12; i++) {
            s.assign(voice(i % 3 == 2 ? 7 : 0, 0.08, rnd), 2);
        }
        assertTrue(s.speakers().size() > 2, "split online: " + s.speakers());
        List<OnlineSpeakers.Relabel> changes = s.recluster();
        assertFalse(changes.isEmpty());
        assertEquals(2, s.speakers().size(), s.speakers().toString());
        for (int i = 0; i < 12; i++) { // the two voices end with two labels, each voice one
            assertEquals(s.label(i % 3 == 2 ? 2 : 0), s.label(i), "utterance " + i);
        }
        assertFalse(s.label(0).equals(s.label(2)));
    }
}
