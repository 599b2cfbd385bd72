package io.emotrace.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.testutil.Models;
import io.emotrace.vad.SileroVad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX Runtime wrapper on the real Silero and pyannote weights. */
class OnnxModelTest {
    private static Path silero() {
        return Models.require("silero-vad-v5");
    }

    @Test
    void reportsSignatureAndProvider() throws Exception {
        try (OnnxModel m = OnnxModel.load(silero())) {
            assertEquals(List.of("input", "state", "sr"), m.inputs().stream().map(TensorInfo::name).toList());
            assertEquals(List.of("float32", "float32", "int64"), m.inputs().stream().map(TensorInfo::elementType).toList());
            assertEquals(List.of("output", "stateN"), m.outputs().stream().map(TensorInfo::name).toList());
            assertEquals(0, m.inputs().get(2).shape().length); // sr is a scalar
            if (!Accelerators.onnxCuda().usable()) {
                assertEquals("CPUExecutionProvider", m.provider());
                assertNotNull(m.fallbackReason(), "CUDA was preferred: the reason for CPU must be kept");
            }
            System.out.println("onnx: " + m + "; " + (m.fallbackReason() == null ? "" : m.fallbackReason()));
        }
        try (OnnxModel m = OnnxModel.load(SharedTestData.require("models/pyannote-segmentation-3.0/model.int8.onnx"))) {
            assertEquals("x", m.inputs().get(0).name());
            assertArrayEquals(new long[] {-1, 1, -1}, m.inputs().get(0).shape());
            assertArrayEquals(new long[] {-1, -1, 7}, m.outputs().get(0).shape());
        }
    }

    /** The copying Map API and the zero-copy bound API must give the same number for the same input. */
    @Test
    void mapRunAgreesWithBoundStreamingRun() throws Exception {
        float[] speech = new FfmpegAudioDecoder().decodeAll(SharedTestData.require("data/asr/sense_and_sensibility_01_austen_64kb-0870.wav"));
        int at = 16000 * 2; // 2 s in: mid-sentence
        float[] chunk = Arrays.copyOfRange(speech, at, at + SileroVad.CHUNK);
        float[] input = new float[SileroVad.CONTEXT + SileroVad.CHUNK]; // zero context, as for a first chunk
        System.arraycopy(chunk, 0, input, SileroVad.CONTEXT, SileroVad.CHUNK);
        float viaMap;
        try (OnnxModel m = OnnxModel.load(silero(), OnnxModel.Options.cpu(1))) {
            Map<String, TensorData> out = m.run(Map.of(
                    "input", TensorData.of(input, 1, input.length),
                    "state", TensorData.of(new float[256], 2, 1, 128),
                    "sr", TensorData.scalar(16000)));
            assertArrayEquals(new long[] {1, 1}, out.get("output").shape());
            assertArrayEquals(new long[] {2, 1, 128}, out.get("stateN").shape());
            viaMap = out.get("output").floats()[0];
            assertTrue(viaMap > 0 && viaMap < 1);
        }
        float[] viaBound = new float[1];
        try (SileroVad vad = new SileroVad(OnnxModel.load(silero(), OnnxModel.Options.cpu(1)), SileroVad.Settings.defaults())) {
            vad.probabilities(new ArrayAudioSource(chunk), (i, p) -> viaBound[0] = p);
        }
        assertEquals(viaMap, viaBound[0], 1e-6f);
    }

    @Test
    void oneSessionServesAWorkerPool() throws Exception {
        float[] x = new FfmpegAudioDecoder().decodeAll(SharedTestData.require("data/ami-dev/dev00-float32.wav"));
        Path model = SharedTestData.require("models/pyannote-segmentation-3.0/model.int8.onnx");
        try (OnnxModel m = OnnxModel.load(model, OnnxModel.Options.cpu(1))) {
            List<float[]> expected = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                float[] win = Arrays.copyOfRange(x, w * 80000, w * 80000 + 160000);
                expected.add(m.run(Map.of("x", TensorData.of(win, 1, 1, 160000))).get("y").floats());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> got = new ArrayList<>();
                for (int rep = 0; rep < 2; rep++) {
                    for (int w = 0; w < 4; w++) {
                        float[] win = Arrays.copyOfRange(x, w * 80000, w * 80000 + 160000);
                        got.add(pool.submit(() -> m.run(Map.of("x", TensorData.of(win, 1, 1, 160000))).get("y").floats()));
                    }
                }
                for (int i = 0; i < got.size(); i++) {
                    assertArrayEquals(expected.get(i % 4), got.get(i).get(), 1e-5f, "concurrent run " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void badInputsAreTypedErrorsNotCrashes(@TempDir Path dir) throws Exception {
        assertEquals("model.missing", assertThrows(ModelRuntimeException.class,
                () -> OnnxModel.load(dir.resolve("nothing.onnx"))).code());
        Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertEquals("model.load", assertThrows(ModelRuntimeException.class, () -> OnnxModel.load(junk)).code());
        try (OnnxModel m = OnnxModel.load(silero(), OnnxModel.Options.cpu(1))) {
            assertEquals("model.input", assertThrows(ModelRuntimeException.class,
                    () -> m.run(Map.of("nope", TensorData.of(new float[1], 1)))).code());
            assertEquals("model.run", assertThrows(ModelRuntimeException.class, () -> m.run(Map.of(
                    "input", TensorData.of(new float[10], 1, 10), // wrong rank for state below
                    "state", TensorData.of(new float[256], 256),
                    "sr", TensorData.scalar(16000)))).code());
        }
        OnnxModel closed = OnnxModel.load(silero());
        closed.close();
        assertEquals("model.closed", assertThrows(ModelRuntimeException.class,
                () -> closed.run(Map.of("sr", TensorData.scalar(16000)))).code());
    }

    /** Every native buffer a run allocates is freed by its scope: JavaCPP's byte count returns to where it was. */
    @Test
    void repeatedRunsKeepNativeMemoryFlat() throws Exception {
        float[] input = new float[576];
        try (OnnxModel m = OnnxModel.load(silero(), OnnxModel.Options.cpu(1))) {
            Map<String, TensorData> feeds = Map.of("input", TensorData.of(input, 1, 576),
                    "state", TensorData.of(new float[256], 2, 1, 128), "sr", TensorData.scalar(16000));
            for (int i = 0; i < 200; i++) {
                m.run(feeds); // warm-up: ORT arenas and thread pools reach their steady size
            }
            long tracked = Pointer.totalBytes();
            // RSS includes the Java heap, which grows with garbage until GC; subtract the committed heap change
            // so what is left is native growth (a 40k-run probe at -Xmx48m stayed flat at ~108 MB RSS).
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long rss = Pointer.physicalBytes() - rt.totalMemory();
            for (int i = 0; i < 3000; i++) {
                m.run(feeds);
            }
            // the counter is process-wide (other tests' objects may be freed meanwhile), so check it did not grow:
            // one leaked input set per run would add 3000 x ~3.3 KB
            long after = Pointer.totalBytes();
            assertTrue(after <= tracked + 1024, "JavaCPP allocations leaked across runs: " + tracked + " -> " + after);
            System.gc();
            long growth = Pointer.physicalBytes() - rt.totalMemory() - rss;
            System.out.printf("onnx: native (RSS - heap) growth over 3000 runs: %.1f MB%n", growth / 1e6);
            assertTrue(growth < 32_000_000L, "native memory grew by " + growth + " bytes over 3000 runs");
        }
    }
}
