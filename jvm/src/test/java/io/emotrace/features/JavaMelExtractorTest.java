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
}
