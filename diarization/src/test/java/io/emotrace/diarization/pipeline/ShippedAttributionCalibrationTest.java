package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.emotrace.diarization.embedding.AttributionCalibration;
import io.emotrace.diarization.embedding.ProjectSpeakerEmbedder;
import org.junit.jupiter.api.Test;

/**
 * The committed attribution calibration must hold for the committed speaker model and the shipped clustering: a new
 * model or a new default otherwise silently leaves every turn without a confidence.
 */
class ShippedAttributionCalibrationTest {
    @Test
    void theCommittedCalibrationHoldsForTheCommittedModelAndTheDefaults() throws Exception {
        try (ProjectSpeakerEmbedder e = ProjectSpeakerEmbedder.fromClasspath()) {
            assertHolds(e.attributionCalibration(), AttributionCalibration.FILE, e.weightsDigest(),
                    DiarizationSettings.defaults().clustering().toString(), AttributionConfidence.FEATURES,
                    "bench diarization --tune 12 --tune-heldout --confidence --confidence-out ...");
        }
    }

    @Test
    void theCommittedLiveCalibrationHoldsForTheLiveSettings() throws Exception {
        try (ProjectSpeakerEmbedder e = ProjectSpeakerEmbedder.fromClasspath()) {
            assertHolds(e.liveAttributionCalibration(), AttributionCalibration.LIVE_FILE, e.weightsDigest(),
                    io.emotrace.diarization.online.OnlineSpeakers.liveSettings(DiarizationSettings.defaults()
                            .clustering().liveSameVoiceDistance()), io.emotrace.diarization.online.OnlineSpeakers.FEATURES,
                    "bench live --tune-confidence --confidence-out ...");
        }
    }

    private static void assertHolds(AttributionCalibration c, String file, String weights, String settings,
            int features, String refit) {
        assertNotNull(c, "models/trained/speaker-embedding/" + file + " is missing");
        assertEquals(weights, c.weightsSha(), file + " names other weights: refit it (" + refit + ", docs/diarization.md)");
        assertEquals(settings, c.clustering(), "the settings it was fitted for changed: refit it (" + refit + ")");
        assertEquals(features, c.features());
    }
}
