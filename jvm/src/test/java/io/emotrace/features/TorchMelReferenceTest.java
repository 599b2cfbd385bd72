package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emotrace.SharedTestData;
import io.emotrace.bench.RealSpeech;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TorchMelReferenceTest {
    @Test
    void concurrentCallsGiveTheSameFeaturesAsSequentialOnes() throws Exception {
        float[] x = RealSpeech.readWav(SharedTestData.require("data/asr/002.wav"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TorchMelReference ref = new TorchMelReference(MelConfig.kaldiFbank80(), 1)) {
            float[] expected = ref.compute(x);
            Future<float[]> a = pool.submit(() -> ref.compute(x));
            Future<float[]> b = pool.submit(() -> ref.compute(x));
            assertArrayEquals(expected, a.get(), 0f);
            assertArrayEquals(expected, b.get(), 0f);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedReferenceRefusesWork() {
        TorchMelReference ref = new TorchMelReference(MelConfig.whisper80(), 1);
        ref.close();
        ref.close();
        assertThrows(IllegalStateException.class, () -> ref.compute(new float[1600]));
    }
}
