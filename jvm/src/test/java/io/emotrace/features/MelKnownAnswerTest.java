package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Answers known from first principles, checked on both independent implementations. */
class MelKnownAnswerTest {
    static Stream<Arguments> backends() {
        Function<MelConfig, FeatureExtractor> java = c -> new JavaMelExtractor(c, 1);
        Function<MelConfig, FeatureExtractor> torch = TorchMelReference::new;
        return Stream.of(Arguments.of("java", java), Arguments.of("libtorch", torch));
    }

    /** Centre frequency of mel bin m, straight from the scale definitions (HTK for Kaldi, Slaney for Whisper). */
    private static double centreHz(MelConfig c, int m) {
        if (c.melScale() == MelScale.HTK) {
            double lo = 2595 * Math.log10(1 + c.lowFreq() / 700.0);
            double hi = 2595 * Math.log10(1 + c.effectiveHighFreq() / 700.0);
            double mel = lo + (m + 1) * (hi - lo) / (c.numBins() + 1);
            return 700 * (Math.pow(10, mel / 2595) - 1);
        }
        // Slaney: 3 mel per 200 Hz up to 1 kHz (15 mel), then 27 mel per factor 6.4
        double lo = c.lowFreq() * 3 / 200.0;
        double hi = 15 + 27 * Math.log(c.effectiveHighFreq() / 1000.0) / Math.log(6.4);
        double mel = lo + (m + 1) * (hi - lo) / (c.numBins() + 1);
        return mel < 15 ? mel * 200 / 3 : 1000 * Math.pow(6.4, (mel - 15) / 27);
    }

    private static int nearestBin(MelConfig c, double hz) {
        int best = 0;
        for (int m = 1; m < c.numBins(); m++) {
            if (Math.abs(centreHz(c, m) - hz) < Math.abs(centreHz(c, best) - hz)) {
                best = m;
            }
        }
        return best;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void pureToneLandsInItsMelBin(String name, Function<MelConfig, FeatureExtractor> make) {
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80()}) {
            for (double hz : new double[] {440, 1000, 3150}) {
                float[] x = new float[16000];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16000));
                }
                int expected = nearestBin(c, hz);
                try (FeatureExtractor fx = make.apply(c)) {
                    float[] f = fx.compute(x);
                    int bins = c.numBins();
                    int frames = f.length / bins;
                    // interior frames only: centred framing reflects at the edges
                    for (int t = 2; t < frames - 2; t++) {
                        int arg = 0;
                        for (int m = 1; m < bins; m++) {
                            if (f[t * bins + m] > f[t * bins + arg]) {
                                arg = m;
                            }
                        }
                        assertTrue(Math.abs(arg - expected) <= 1, name + " " + c.logType() + " " + hz + " Hz frame " + t
                                + ": peak in bin " + arg + ", expected " + expected);
                        // far from the tone the energy is window sidelobes only: orders of magnitude lower
                        float far = f[t * bins + (expected < bins / 2 ? bins - 1 : 0)];
                        double ratio = c.logType() == LogType.NATURAL ? Math.log(1e4) : 4;
                        assertTrue(f[t * bins + arg] - far > ratio, name + " " + hz + " Hz: no clear peak");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void digitalSilenceGivesTheLogFloor(String name, Function<MelConfig, FeatureExtractor> make) {
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80()}) {
            float floor = c.logType() == LogType.NATURAL ? (float) Math.log(c.logFloor()) : (float) Math.log10(c.logFloor());
            try (FeatureExtractor fx = make.apply(c)) {
                float[] f = fx.compute(new float[8000]);
                assertEquals(c.frameCount(8000) * c.numBins(), f.length);
                for (float v : f) {
                    // float32 log of the same float32 floor: equal up to the last bit of the log routine
                    assertEquals(floor, v, Math.ulp(floor), name + " " + c.logType());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void frameCountsFollowSnipEdgesAndCentring(String name, Function<MelConfig, FeatureExtractor> make) {
        float[] x = new float[16000];
        x[100] = 1f;
        try (FeatureExtractor k = make.apply(MelConfig.kaldiFbank80());
             FeatureExtractor w = make.apply(MelConfig.whisper80())) {
            assertEquals(98 * 80, k.compute(x).length);       // (16000 - 400) / 160 + 1
            assertEquals(101 * 80, w.compute(x).length);      // 16000 / 160 + 1
            assertEquals(0, k.compute(x, 0, 399).length);
            assertEquals(1 * 80, k.compute(x, 0, 400).length);
        }
    }

    @Test
    void whisperClipNormalisationClampsEightDecadesBelowTheMax() {
        float[] v = {0f, -10f, -3f, 2f};
        assertArrayEquals(new float[] {1f, -0.5f, 0.25f, 1.5f}, WhisperLogMel.normalize(v), 0f);
    }
}
