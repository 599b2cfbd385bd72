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

    @Test
    void aDiarizerOverTheCommittedModelGivesLiveStreamsItsCalibratedConfidenceAndAStandInNone() throws Exception {
        try (ProjectSpeakerEmbedder e = ProjectSpeakerEmbedder.fromClasspath();
                SpeakerDiarizer d = new SpeakerDiarizer(null, null, e, DiarizationSettings.defaults(),
                        io.emotrace.diarization.clustering.SpeakerCount.AUTO, "not loaded in this test");
                SpeakerDiarizer standIn = new SpeakerDiarizer(null, null, new SpectralStatsEmbedder(),
                        DiarizationSettings.defaults(), io.emotrace.diarization.clustering.SpeakerCount.AUTO, "not loaded in this test")) {
            java.util.function.ToDoubleFunction<double[]> live = d.liveAttributionConfidence().orElseThrow();
            double[] features = new double[io.emotrace.diarization.online.OnlineSpeakers.FEATURES];
            for (int i = 0; i < features.length; i++) {
                features[i] = 0.1 * (i + 1);
            }
            assertEquals(e.liveAttributionCalibration().probability(features), live.applyAsDouble(features), 0.0);
            // no calibration was fitted for the stand-in's vectors: live labels then carry no confidence
            org.junit.jupiter.api.Assertions.assertTrue(standIn.liveAttributionConfidence().isEmpty());
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
