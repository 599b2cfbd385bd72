package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.bench.RealSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JavaMelExtractorTest {
    private static List<Path> asrWavs() throws Exception {
        Path dir = SharedTestData.require("data/asr");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }

    private static void checkAgainstReference(MelConfig config) throws Exception {
        try (JavaMelExtractor java = new JavaMelExtractor(config, 2)) {
            for (Path wav : asrWavs()) {
                float[] x = RealSpeech.readWav(wav);
                assertEquals(config.frameCount(x.length) * config.numBins(), java.compute(x).length, "frame count");
                FeatureComparison.Result r = FeatureComparison.assertMatchesReference(java, x, 1e-3);
                System.out.println(config.logType() + " " + wav.getFileName() + ": " + r);
            }
        }
    }

    @Test
    void kaldiMatchesLibTorchOnRealSpeech() throws Exception {
        checkAgainstReference(MelConfig.kaldiFbank80());
    }

    @Test
    void whisperMatchesLibTorchOnRealSpeech() throws Exception {
        checkAgainstReference(MelConfig.whisper80());
    }

    @Test
    void bothPresetsMatchLibTorchOnFloatWavMeeting() throws Exception {
        float[] x = RealSpeech.readWav(SharedTestData.require("data/ami-dev/dev00-float32.wav"));
        assertTrue(x.length > 16000 * 20, "expected a 30 s excerpt");
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80()}) {
            try (JavaMelExtractor java = new JavaMelExtractor(c, 1)) {
                System.out.println("ami " + c.logType() + ": " + FeatureComparison.assertMatchesReference(java, x, 1e-3));
            }
        }
    }

    @Test
    void threadSplitDoesNotChangeAnyValue() throws Exception {
        float[] x = RealSpeech.readWav(asrWavs().get(5));
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80()}) {
            try (JavaMelExtractor one = new JavaMelExtractor(c, 1); JavaMelExtractor four = new JavaMelExtractor(c, 4)) {
                assertArrayEquals(one.compute(x), four.compute(x), 0f);
                assertArrayEquals(one.compute(x, 1234, 20000), four.compute(x, 1234, 20000), 0f);
            }
        }
    }

    @Test
    void ditherIsDeterministicPerFrameAndMatchesTheReference() throws Exception {
        float[] x = RealSpeech.readWav(asrWavs().get(0));
        MelConfig plain = MelConfig.kaldiFbank80();
        MelConfig dithered = plain.toBuilder().dither(1f / 32768).ditherSeed(42).build();
        try (JavaMelExtractor a = new JavaMelExtractor(dithered, 1); JavaMelExtractor b = new JavaMelExtractor(dithered, 3);
             JavaMelExtractor p = new JavaMelExtractor(plain, 1)) {
            float[] fa = a.compute(x);
            assertArrayEquals(fa, b.compute(x), 0f, "same seed, any thread split: same features");
            float[] fp = p.compute(x);
            int differ = 0;
            for (int i = 0; i < fa.length; i++) {
                differ += fa[i] != fp[i] ? 1 : 0;
            }
            assertTrue(differ > fa.length / 2, "dither changed only " + differ + " of " + fa.length + " values");
            FeatureComparison.assertMatchesReference(a, x, 1e-3);
        }
        MelConfig otherSeed = dithered.toBuilder().ditherSeed(43).build();
        try (JavaMelExtractor a = new JavaMelExtractor(dithered, 1); JavaMelExtractor c = new JavaMelExtractor(otherSeed, 1)) {
            float[] fa = a.compute(x);
            float[] fc = c.compute(x);
            boolean same = true;
            for (int i = 0; i < fa.length && same; i++) {
                same = fa[i] == fc[i];
            }
            assertTrue(!same, "a different seed must give different dither");
        }
    }
}
