package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The acceptance check (native vs LibTorch stft + mel on real speech) and agreement with the Java baseline. */
class NativeVsOtherBackendsTest {
    @Test
    void nativeMatchesLibTorchReferenceOnRealSpeech() throws Exception {
        float[] speech = MelTestSignals.speech("data/asr/001.wav");
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80()}) {
            try (FeatureExtractor fx = FeatureExtractors.cpu(c, 2)) {
                FeatureComparison.Result r = FeatureComparison.assertMatchesReference(fx, speech, 1e-3);
                System.out.println("native vs libtorch " + c + ": " + r);
            }
        }
    }

    @Test
    void nativeMatchesJavaBaselineIncludingDither() throws Exception {
        float[] speech = MelTestSignals.speech("data/asr/001.wav");
        MelConfig dithered = MelConfig.kaldiFbank80().toBuilder().dither(1e-4f).ditherSeed(1234).build();
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80(), dithered}) {
            try (FeatureExtractor fx = FeatureExtractors.cpu(c, 2); JavaMelExtractor java = new JavaMelExtractor(c, 1)) {
                FeatureComparison.Result r = FeatureComparison.compare(java.compute(speech), fx.compute(speech), c);
                System.out.println("native vs java " + c + ": " + r);
                assertTrue(r.maxAbs() <= 1e-3, r.toString());
            }
        }
        // the dither really is on (otherwise the last comparison proves nothing about it)
        try (FeatureExtractor a = FeatureExtractors.cpu(dithered, 1);
                FeatureExtractor b = FeatureExtractors.cpu(MelConfig.kaldiFbank80(), 1)) {
            FeatureComparison.Result r = FeatureComparison.compare(a.compute(speech), b.compute(speech), dithered);
            assertTrue(r.maxAbs() > 1e-2, "dither must change the features: " + r);
        }
    }
}
