package io.emotrace.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether GPU execution is usable here, with a reason either way. Every probe is guarded: a machine without
 * a driver, a CPU-only native build or a failing native load yields "not usable", never a crash.
 */
public final class Accelerators {
    private Accelerators() {
    }

    public record Status(boolean usable, String reason) {
    }

    private static volatile Status onnx;
    private static volatile Status torch;

    /** An NVIDIA kernel driver is loaded (the precondition of every CUDA path). */
    public static Status nvidiaDriver() {
        Path version = Path.of("/proc/driver/nvidia/version");
        if (Files.isReadable(version)) {
            try {
                String first = Files.readAllLines(version).stream().findFirst().orElse("").trim();
                return new Status(true, first);
            } catch (Exception e) {
                return new Status(true, "NVIDIA driver present");
            }
        }
        return new Status(false, "no NVIDIA driver (/proc/driver/nvidia/version absent)");
    }

    /** ONNX Runtime's CUDA execution provider: compiled into the loaded ORT and a driver present. */
    public static Status onnxCuda() {
        Status s = onnx;
        if (s == null) {
            s = probeOnnx();
            onnx = s;
        }
        return s;
    }

    private static Status probeOnnx() {
        List<String> providers;
        try {
            providers = OnnxModel.availableProviders();
        } catch (Throwable t) { // UnsatisfiedLinkError or ORT error: no ORT at all
            return new Status(false, "ONNX Runtime not loadable: " + t);
        }
        if (!providers.contains("CUDAExecutionProvider")) {
            return new Status(false, "ONNX Runtime build has no CUDA execution provider (providers: " + providers
                    + "); use the onnxruntime-platform-gpu artifact on GPU machines");
        }
        Status driver = nvidiaDriver();
        if (!driver.usable()) {
            return driver;
        }
        return new Status(true, "CUDAExecutionProvider available; " + driver.reason());
    }

    /** LibTorch CUDA: torch::cuda::is_available() in the loaded LibTorch. */
    public static Status torchCuda() {
        Status s = torch;
        if (s == null) {
            s = probeTorch();
            torch = s;
        }
        return s;
    }

    private static Status probeTorch() {
        try {
            if (org.bytedeco.pytorch.global.torch.cuda_is_available()) {
                return new Status(true, "LibTorch CUDA with " + org.bytedeco.pytorch.global.torch.cuda_device_count() + " device(s)");
            }
            return new Status(false, "LibTorch reports no CUDA device (CPU-only build or no driver/GPU)");
        } catch (Throwable t) { // UnsatisfiedLinkError when the CUDA build finds no libcuda
            return new Status(false, "LibTorch CUDA not loadable: " + t);
        }
    }

    /** One line per backend, for logs and {@code models list}. */
    public static String summary() {
        Status o = onnxCuda();
        Status t = torchCuda();
        return "ONNX Runtime CUDA: " + (o.usable() ? "yes" : "no") + " (" + o.reason() + "); LibTorch CUDA: "
                + (t.usable() ? "yes" : "no") + " (" + t.reason() + ")";
    }
}
