package io.emotrace.diarization.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImpostorCalibrationTest {
    /** Two unit vectors whose cosine is {@code cos}. */
    private static float[][] pair(double cos) {
        double s = Math.sqrt(1 - cos * cos);
        return new float[][] {{1, 0, 0}, {(float) cos, (float) s, 0}};
    }

    private static List<SpeakerClusterer.Item> windows(int n, double meanCos, double spread, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            float[][] p = pair(meanCos + spread * (2 * r.nextDouble() - 1));
            items.add(new SpeakerClusterer.Item(p[0], 2.0, true, g));
            items.add(new SpeakerClusterer.Item(p[1], 2.0, true, g));
        }
        return items;
    }

    @Test
    void thresholdFollowsTheRecordingsOwnDifferentVoiceScores() {
        ClusteringSettings s = ClusteringSettings.defaults().withImpostorSigmas(2);
        var alike = ImpostorCalibration.threshold(windows(40, 0.6, 0.1, 1), s); // e.g. a telephone call
        var apart = ImpostorCalibration.threshold(windows(40, 0.1, 0.1, 2), s); // e.g. a clean studio
        assertTrue(alike.fromRecording() && apart.fromRecording());
        assertEquals(40, alike.pairs());
        assertEquals(0.6, alike.median(), 0.03);
        // uniform +-0.1: MAD 0.05 -> sigma ~0.074; threshold similarity ~0.6 + 0.15
        assertEquals(1 - (alike.median() + 2 * alike.sigma()), alike.distance(), 1e-9);
        assertTrue(alike.distance() < apart.distance() - 0.4, alike + " vs " + apart);
    }

    @Test
    void oneVoiceSplitByTheSegmentationIsAnOutlierNotASpread() {
        List<SpeakerClusterer.Item> items = windows(40, 0.2, 0.05, 3);
        float[][] same = pair(0.97);
        items.add(new SpeakerClusterer.Item(same[0], 2.0, true, 99));
        items.add(new SpeakerClusterer.Item(same[1], 2.0, true, 99));
        var c = ImpostorCalibration.threshold(items, ClusteringSettings.defaults().withImpostorSigmas(2));
        assertTrue(c.sigma() < 0.05, "robust sigma " + c.sigma());
    }

    @Test
    void tooFewPairsOrShortClipsKeepTheFixedThreshold() {
        ClusteringSettings s = ClusteringSettings.defaults().withImpostorSigmas(2);
        var few = ImpostorCalibration.threshold(windows(ImpostorCalibration.MIN_PAIRS - 1, 0.3, 0.1, 4), s);
        assertFalse(few.fromRecording());
        assertEquals(s.threshold(), few.distance());
        List<SpeakerClusterer.Item> shortOnes = new ArrayList<>();
        for (SpeakerClusterer.Item it : windows(40, 0.3, 0.1, 5)) {
            shortOnes.add(new SpeakerClusterer.Item(it.embedding(), 0.3, false, it.group()));
        }
        assertEquals(0, ImpostorCalibration.threshold(shortOnes, s).pairs(), "clips under shapeSeconds do not count");
        var off = ImpostorCalibration.threshold(windows(40, 0.3, 0.1, 6), ClusteringSettings.defaults());
        assertFalse(off.fromRecording());
    }
}
