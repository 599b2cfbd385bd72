package io.emotrace.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript module is compiled from source by LibTorch here (JitModule.define), saved to a real .pt
 * archive, loaded back through {@link TorchModel} and run; the numbers are checked against a hand computation.
 */
class TorchModelTest {
    private static final float[] W = {0.5f, -1f, 2f, 0.25f, -0.5f, 1.5f}; // [3,2]
    private static final float[] B = {0.1f, -0.2f};

    private static Path saveAffineModule(Path dir) {
        Path file = dir.resolve("affine.pt");
        try (QualifiedName name = new QualifiedName("EmotraceTestAffine");
             JitModule m = new JitModule(name);
             FloatPointer w = new FloatPointer(W);
             FloatPointer b = new FloatPointer(B);
             Tensor wt = torch.from_blob(w, 3, 2).clone();
             Tensor bt = torch.from_blob(b, 2).clone()) {
            m.register_parameter("w", wt, false);
            m.register_parameter("b", bt, false);
            m.define("def forward(self, x):\n"
                    + "    y = torch.matmul(x, self.w) + self.b\n"
                    + "    return torch.relu(y), torch.sum(x, dim=1)\n");
            m.save(file.toString());
        }
        return file;
    }

    @Test
    void runsSavedTorchScriptAndMatchesHandComputation(@TempDir Path dir) throws Exception {
        Path file = saveAffineModule(dir);
        float[] x = {1f, 2f, 3f, -1f, 0.5f, -2f}; // [2,3]
        float[] expectRelu = new float[4];
        float[] expectSum = new float[2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                float acc = B[j];
                for (int k = 0; k < 3; k++) {
                    acc += x[i * 3 + k] * W[k * 2 + j];
                }
                expectRelu[i * 2 + j] = Math.max(0f, acc);
            }
            expectSum[i] = x[i * 3] + x[i * 3 + 1] + x[i * 3 + 2];
        }
        try (TorchModel model = TorchModel.load(file, true)) {
            assertEquals(Accelerators.torchCuda().usable() ? "cuda:0" : "cpu", model.device());
            for (int rep = 0; rep < 3; rep++) { // load once, run many
                List<TensorData> out = model.forward(TensorData.of(x, 2, 3));
                assertEquals(2, out.size());
                assertArrayEquals(new long[] {2, 2}, out.get(0).shape());
                assertArrayEquals(expectRelu, out.get(0).floats(), 1e-5f);
                assertArrayEquals(new long[] {2}, out.get(1).shape());
                assertArrayEquals(expectSum, out.get(1).floats(), 1e-5f);
            }
            // the case exercises the clip: row 2, column 2 has pre-activation -2.075
            assertEquals(0f, expectRelu[3]);
            ModelRuntimeException bad = assertThrows(ModelRuntimeException.class,
                    () -> model.forward(TensorData.of(new float[4], 2, 2)));
            assertEquals("model.run", bad.code());
        }
    }

    @Test
    void missingAndCorruptFilesAreTypedErrors(@TempDir Path dir) throws Exception {
        assertEquals("model.missing", assertThrows(ModelRuntimeException.class,
                () -> TorchModel.load(dir.resolve("none.pt"), false)).code());
        Path junk = Files.writeString(dir.resolve("junk.pt"), "not a torchscript archive");
        assertEquals("model.load", assertThrows(ModelRuntimeException.class, () -> TorchModel.load(junk, false)).code());
    }
}
