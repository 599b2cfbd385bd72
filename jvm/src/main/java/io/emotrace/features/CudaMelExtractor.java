package io.emotrace.features;

import io.emotrace.nativelib.Cuda;
import io.emotrace.nativelib.Cuda.DeviceBuffer;
import io.emotrace.nativelib.MelPlan;
import io.emotrace.pipeline.Availability;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The fused CUDA kernel (backend {@code cuda}). {@link #compute} is the host convenience path (upload, kernel,
 * download); {@link #computeOnDevice} keeps the features on the device for the model. Construct it only where
 * {@link #status()} is available (use {@link FeatureExtractors#cuda}).
 */
public final class CudaMelExtractor implements FeatureExtractor {
    private final MelConfig config;
    private final MelPlan plan;
    private final int device;

    public CudaMelExtractor(MelConfig config, int device) {
        Availability a = status();
        if (!a.available()) {
            throw new IllegalStateException("CUDA feature extraction not available: " + a.detail());
        }
        this.config = config;
        this.device = device;
        this.plan = NativeMelPlans.create(config);
    }

    /** Never throws: no driver, no device or a library built without CUDA all come back as "not available". */
    public static Availability status() {
        Cuda.Status s = Cuda.status();
        if (!s.available()) {
            return Availability.no(s.detail());
        }
        try {
            Cuda.DeviceInfo d = Cuda.deviceInfo(0);
            return Availability.yes(s.detail() + "; device 0: " + d.name() + ", cc " + d.ccMajor() + "." + d.ccMinor()
                    + ", " + (d.totalMemory() >> 20) + " MiB");
        } catch (RuntimeException e) {
            return Availability.no("CUDA device 0 not usable: " + e.getMessage());
        }
    }

    @Override
    public MelConfig config() {
        return config;
    }

    @Override
    public String backend() {
        return "cuda";
    }

    public int device() {
        return device;
    }

    @Override
    public float[] compute(float[] samples, int offset, int length) {
        try (DeviceFeatures f = computeOnDevice(samples, offset, length)) {
            return f.toHost();
        }
    }

    /** Uploads samples[offset, offset+length), runs the kernel, frees the input; the features stay on the device. */
    public DeviceFeatures computeOnDevice(float[] samples, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        try (DeviceBuffer in = DeviceBuffer.allocate(device, (long) length * Float.BYTES)) {
            if (length > 0) {
                try (FloatPointer host = new FloatPointer(length)) {
                    host.put(samples, offset, length);
                    in.upload(host, 0, (long) length * Float.BYTES);
                }
            }
            return computeBatchOnDevice(in.pointer(), new long[] {0, length});
        }
    }

    /** Data already on this device: numSamples float32 at samplesDevicePointer. */
    public DeviceFeatures computeOnDevice(long samplesDevicePointer, long numSamples) {
        return computeBatchOnDevice(samplesDevicePointer, new long[] {0, numSamples});
    }

    /** Batch on the device: signal s is float32 samples [offsets[s], offsets[s+1]) from samplesDevicePointer. */
    public DeviceFeatures computeBatchOnDevice(long samplesDevicePointer, long[] offsets) {
        long frames = plan.batchFrameCount(offsets);
        long[] frameOffsets = new long[offsets.length];
        for (int s = 0; s + 1 < offsets.length; s++) {
            frameOffsets[s + 1] = frameOffsets[s] + plan.frameCount(offsets[s + 1] - offsets[s]);
        }
        DeviceBuffer out = DeviceBuffer.allocate(device, frames * plan.numBins() * Float.BYTES);
        try {
            if (frames > 0) {
                plan.computeOnDevice(device, samplesDevicePointer, offsets, out.pointer());
            }
            return new DeviceFeatures(out, frames, plan.numBins(), frameOffsets);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @Override
    public void close() {
        plan.close();
    }
}
