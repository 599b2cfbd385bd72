package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.nativelib.Cuda;
import io.emotrace.pipeline.Availability;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Without a GPU: CUDA is reported unavailable with a reason and nothing crashes. With a GPU: the fused CUDA
 * kernel is compared with the CPU kernel (host path, on-device path, batch) and checked for leaks.
 */
class CudaMelExtractorTest {
    private static final double TOLERANCE = 1e-3;

    @Test
    void statusIsCleanAndFactoryFallsBackToCpu() {
        Availability a = FeatureExtractors.cudaStatus();
        assertFalse(a.detail() == null || a.detail().isBlank(), "status must say why / what");
        System.out.println("CUDA status: " + a + "; built with CUDA: " + Cuda.status().builtWithCuda());
        if (!a.available()) {
            assertTrue(FeatureExtractors.cuda(MelConfig.kaldiFbank80()).isEmpty());
            try (FeatureExtractor best = FeatureExtractors.best(MelConfig.kaldiFbank80())) {
                assertEquals("cpu-native", best.backend());
            }
            assertThrows(IllegalStateException.class, () -> new CudaMelExtractor(MelConfig.kaldiFbank80(), 0));
        } else {
            try (FeatureExtractor best = FeatureExtractors.best(MelConfig.kaldiFbank80())) {
                assertEquals("cuda", best.backend());
            }
        }
    }

    private static void requireGpu() {
        Availability a = FeatureExtractors.cudaStatus();
        Assumptions.assumeTrue(a.available(), "no usable GPU: " + a.detail());
    }

    static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void cudaMatchesCpuOnSpeechAndSynthetic() throws Exception {
        requireGpu();
        float[] speech = MelTestSignals.speech("data/asr/001.wav");
        float[] tones = MelTestSignals.tonesAndNoise(16_000 * 4 + 123, 3);
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80(),
                MelConfig.kaldiFbank80().toBuilder().dither(0.01f).ditherSeed(5).build()}) {
            try (FeatureExtractor cpu = FeatureExtractors.cpu(c, 2); CudaMelExtractor gpu = new CudaMelExtractor(c, 0)) {
                for (float[] x : new float[][] {speech, tones, new float[0], new float[100]}) {
                    double d = maxDiff(cpu.compute(x), gpu.compute(x));
                    System.out.printf("cuda vs cpu %s n=%d: max abs diff %.2e%n", c, x.length, d);
                    assertTrue(d <= TOLERANCE, "cuda vs cpu " + d);
                }
            }
        }
    }

    @Test
    void onDeviceBatchMatchesCpuAndFreesMemory() {
        requireGpu();
        MelConfig c = MelConfig.kaldiFbank80();
        float[][] clips = {MelTestSignals.tonesAndNoise(5000, 1), new float[0], MelTestSignals.tonesAndNoise(16000, 2)};
        long[] offsets = new long[clips.length + 1];
        for (int i = 0; i < clips.length; i++) {
            offsets[i + 1] = offsets[i] + clips[i].length;
        }
        float[] packed = new float[(int) offsets[clips.length]];
        for (int i = 0; i < clips.length; i++) {
            System.arraycopy(clips[i], 0, packed, (int) offsets[i], clips[i].length);
        }
        try (NativeMelExtractor cpu = new NativeMelExtractor(c, 2); CudaMelExtractor gpu = new CudaMelExtractor(c, 0)) {
            float[][] expected = cpu.computeBatch(clips);
            long totalBefore = Pointer.totalBytes();
            for (int rep = 0; rep < 50; rep++) {
                try (Cuda.DeviceBuffer in = Cuda.DeviceBuffer.allocate(0, packed.length * 4L);
                        org.bytedeco.javacpp.FloatPointer host = new org.bytedeco.javacpp.FloatPointer(packed)) {
                    in.upload(host, 0, packed.length * 4L);
                    try (DeviceFeatures f = gpu.computeBatchOnDevice(in.pointer(), offsets)) {
                        assertTrue(f.devicePointer() != 0);
                        assertEquals(80, f.bins());
                        long[] fo = f.frameOffsets();
                        float[] all = f.toHost();
                        for (int i = 0; i < clips.length; i++) {
                            float[] part = java.util.Arrays.copyOfRange(all, (int) fo[i] * 80, (int) fo[i + 1] * 80);
                            assertTrue(maxDiff(expected[i], part) <= TOLERANCE, "clip " + i);
                        }
                    }
                }
            }
            assertEquals(totalBefore, Pointer.totalBytes());
        }
    }
}
