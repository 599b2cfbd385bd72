package io.emotrace.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.Value;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The device hand-off views, exercised on host memory (no GPU here): same address, shape and values, and
 * the view never frees the memory it borrows. On a GPU the only difference is the device in the options.
 */
class DeviceTensorsTest {
    private static float[] features(int frames, int bins) {
        float[] f = new float[frames * bins];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.sin(i * 0.37) * 10;
        }
        return f;
    }

    @Test
    void torchViewSeesTheBufferWithoutCopying() {
        int frames = 7;
        int bins = 80;
        float[] expected = features(frames, bins);
        try (FloatPointer buf = new FloatPointer(expected); PointerScope scope = new PointerScope()) {
            Tensor t = DeviceTensors.torchView(buf.address(), -1, frames, bins);
            assertArrayEquals(new long[] {1, frames, bins}, t.sizes().vec().get());
            assertEquals(buf.address(), t.data_ptr().address(), "a view, not a copy");
            float[] got = new float[frames * bins];
            new FloatPointer(t.contiguous().data_ptr_float()).get(got);
            assertArrayEquals(expected, got);
            assertEquals(torch.ScalarType.Float.value, t.scalar_type().value);
            t.close();
            buf.put(3, 42f); // the buffer is still alive after the view is closed
            assertEquals(42f, buf.get(3));
        }
    }

    @Test
    void ortViewSeesTheBufferWithoutCopying() {
        int frames = 5;
        int bins = 80;
        float[] expected = features(frames, bins);
        try (FloatPointer buf = new FloatPointer(expected);
             MemoryInfo cpu = MemoryInfo.CreateCpu(org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator,
                     org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault);
             Value v = DeviceTensors.ortView(buf.address(), frames, bins, cpu)) {
            long[] shape = v.GetTensorTypeAndShapeInfo().GetShape().get();
            assertArrayEquals(new long[] {1, frames, bins}, shape);
            assertEquals(buf.address(), v.GetTensorMutableDataFloat().address(), "a view, not a copy");
            float[] got = new float[frames * bins];
            v.GetTensorMutableDataFloat().get(got);
            assertArrayEquals(expected, got);
        }
    }
}
