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
            AttributionCalibration c = e.attributionCalibration();
            assertNotNull(c, "models/trained/speaker-embedding/attribution-confidence.json is missing");
            assertEquals(e.weightsDigest(), c.weightsSha(), "the committed calibration names other weights: refit it "
                    + "(bench diarization --tune 12 --tune-heldout --confidence --confidence-out ..., docs/diarization.md)");
            assertEquals(DiarizationSettings.defaults().clustering().toString(), c.clustering(),
                    "the shipped clustering changed: refit the attribution calibration");
            assertEquals(AttributionConfidence.FEATURES, c.features());
        }
    }

    @Test
    void theCommittedLiveCalibrationHoldsForTheLiveSettings() throws Exception {
        try (ProjectSpeakerEmbedder e = ProjectSpeakerEmbedder.fromClasspath()) {
            AttributionCalibration c = e.liveAttributionCalibration();
            assertNotNull(c, "models/trained/speaker-embedding/live-attribution-confidence.json is missing");
            assertEquals(e.weightsDigest(), c.weightsSha(), "fitted for other weights: refit it (bench live "
                    + "--tune-confidence --confidence-out ...)");
            assertEquals(io.emotrace.diarization.online.OnlineSpeakers.liveSettings(DiarizationSettings.defaults()
                    .clustering().liveSameVoiceDistance()), c.clustering(), "the live settings changed: refit it");
            assertEquals(io.emotrace.diarization.online.OnlineSpeakers.FEATURES, c.features());
        }
    }
}
