package io.emotrace.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Probing never throws; where there is no NVIDIA driver neither CUDA path may claim to be usable. */
class AcceleratorsTest {
    @Test
    void probesAnswerWithReasons() {
        Accelerators.Status onnx = Accelerators.onnxCuda();
        Accelerators.Status torch = Accelerators.torchCuda();
        assertNotNull(onnx.reason());
        assertNotNull(torch.reason());
        assertTrue(OnnxModel.availableProviders().contains("CPUExecutionProvider"));
        if (!Accelerators.nvidiaDriver().usable()) {
            assertFalse(onnx.usable(), onnx.reason());
            assertFalse(torch.usable(), torch.reason());
        }
        System.out.println("accelerators: " + Accelerators.summary());
    }
}
