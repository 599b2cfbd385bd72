package io.emotrace.runtime;

import io.emotrace.features.DeviceFeatures;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.Value;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Hands features computed by the CUDA kernel to a model without a host round trip: a LibTorch tensor or an
 * ONNX Runtime value that VIEWS the kernel's device buffer. The views own nothing; the {@link DeviceFeatures}
 * must stay open while they are used, and closing the view never frees the buffer.
 */
public final class DeviceTensors {
    private DeviceTensors() {
    }

    /** A [1, frames, bins] float tensor over the features on their CUDA device (LibTorch from_blob). */
    public static Tensor torchView(DeviceFeatures f) {
        return torchView(f.devicePointer(), f.deviceIndex(), f.frames(), f.bins());
    }

    /**
     * A [1, frames, bins] float tensor over memory at {@code address}: CUDA device memory when
     * {@code cudaDevice >= 0}, host memory when it is -1 (what CPU-only tests exercise).
     */
    public static Tensor torchView(long address, int cudaDevice, long frames, int bins) {
        long[] shape = {1, frames, bins};
        // from_blob takes the options by value: every helper object is closed here, only the tensor escapes
        try (RawAddress data = new RawAddress(address);
             TensorOptions floats = new TensorOptions(torch.ScalarType.Float)) {
            if (cudaDevice < 0) {
                return torch.from_blob(data, shape, floats);
            }
            try (Device device = new Device(torch.DeviceType.CUDA, (byte) cudaDevice);
                 DeviceOptional onDevice = new DeviceOptional(device);
                 TensorOptions options = floats.device(onDevice)) {
                return torch.from_blob(data, shape, options);
            }
        }
    }

    /**
     * An ONNX Runtime tensor [1, frames, bins] over the features in device memory, for
     * {@link OnnxModel#runWithBinding}; {@code cudaMemory} comes from {@link OnnxModel#cudaMemoryInfo(int)}.
     */
    public static Value ortView(DeviceFeatures f, MemoryInfo cudaMemory) {
        return ortView(f.devicePointer(), f.frames(), f.bins(), cudaMemory);
    }

    /** An ONNX Runtime tensor [1, frames, bins] over memory at {@code address} described by {@code memory}. */
    public static Value ortView(long address, long frames, int bins, MemoryInfo memory) {
        // ORT copies the shape; the data is borrowed, not copied, so the wrappers can be closed right away
        try (LongPointer shape = new LongPointer(1L, frames, bins);
             RawAddress raw = new RawAddress(address);
             FloatPointer data = new FloatPointer(raw)) {
            return Value.CreateTensorFloat(memory.asOrtMemoryInfo(), data, frames * bins, shape, 3);
        }
    }

    /** A Pointer at a raw address that JavaCPP does not own (no deallocator). */
    private static final class RawAddress extends Pointer {
        RawAddress(long address) {
            this.address = address;
        }
    }
}
