package io.emotrace.nativelib;

import io.emotrace.nativelib.MelKernel.EtMelConfig;
import io.emotrace.nativelib.MelKernel.EtMelPlan;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Owner of one native mel plan (window, FFT twiddles, sparse filterbank). Immutable once built, so computes
 * may run concurrently from several Java threads; {@link #close()} must come after the last compute.
 */
public final class MelPlan implements AutoCloseable {
    private final EtMelPlan handle;
    private final int numBins;
    private volatile boolean closed;

    private MelPlan(EtMelPlan handle) {
        this.handle = handle;
        this.numBins = MelKernel.et_mel_num_bins(handle);
    }

    /** Builds a plan; the config is copied, the caller keeps ownership of it. */
    public static MelPlan create(EtMelConfig config) {
        MelKernel.load();
        try (BytePointer err = CStrings.buffer(512)) {
            EtMelPlan p = MelKernel.et_mel_plan_create(config, err, 512);
            if (p == null || p.isNull()) {
                throw new IllegalArgumentException("invalid mel config: " + CStrings.read(err));
            }
            return new MelPlan(p);
        }
    }

    public int numBins() {
        return numBins;
    }

    public long frameCount(long numSamples) {
        return MelKernel.et_mel_frame_count(live(), numSamples);
    }

    /** Zero-copy: features of samples[position, position+n) into out[position...], frames*numBins floats. */
    public long compute(FloatPointer samples, long n, FloatPointer out, int threads) {
        long frames = frameCount(n);
        requireCapacity(samples, n, "samples");
        requireCapacity(out, frames * numBins, "out");
        check(MelKernel.et_mel_compute(live(), samples, n, out, threads), "et_mel_compute");
        return frames;
    }

    /**
     * Batch over signals packed in one buffer: signal s is samples[offsets[s], offsets[s+1]). Returns the frame
     * offsets (numSignals+1) of the packed output.
     */
    public long[] computeBatch(FloatPointer samples, long[] offsets, FloatPointer out, int threads) {
        int numSignals = offsets.length - 1;
        if (numSignals < 0) {
            throw new IllegalArgumentException("offsets needs at least one entry");
        }
        try (LongPointer offs = new LongPointer(offsets); LongPointer frames = new LongPointer(offsets.length)) {
            long total = MelKernel.et_mel_batch_frame_count(live(), offs, numSignals);
            if (total < 0) {
                throw new IllegalArgumentException("offsets must be non-decreasing");
            }
            requireCapacity(samples, offsets[numSignals], "samples");
            requireCapacity(out, total * numBins, "out");
            check(MelKernel.et_mel_compute_batch(live(), samples, offs, numSignals, out, frames, threads),
                    "et_mel_compute_batch");
            long[] result = new long[offsets.length];
            frames.get(result);
            return result;
        }
    }

    /** Frames of a packed batch, to size the output. */
    public long batchFrameCount(long[] offsets) {
        try (LongPointer offs = new LongPointer(offsets)) {
            long total = MelKernel.et_mel_batch_frame_count(live(), offs, offsets.length - 1);
            if (total < 0) {
                throw new IllegalArgumentException("offsets must be non-decreasing");
            }
            return total;
        }
    }

    /** The plan's real FFT alone: power spectrum (fftSize/2+1) of one fftSize frame; for tests. */
    public float[] powerSpectrum(float[] frame) {
        try (FloatPointer in = new FloatPointer(frame); FloatPointer out = new FloatPointer(frame.length / 2 + 1)) {
            check(MelKernel.et_mel_power_spectrum(live(), in, out), "et_mel_power_spectrum");
            float[] r = new float[frame.length / 2 + 1];
            out.get(r);
            return r;
        }
    }

    /**
     * CUDA: features of signals packed in device memory (float32 at samplesDev, host offsets) into the device
     * buffer outDev (batchFrameCount(offsets) * numBins floats). Synchronous.
     */
    public void computeOnDevice(int device, long samplesDev, long[] offsets, long outDev) {
        try (LongPointer offs = new LongPointer(offsets)) {
            int rc = MelKernel.et_cuda_mel_compute_batch(live(), device, samplesDev, offs, offsets.length - 1, outDev);
            if (rc != MelKernel.OK) {
                throw new NativeKernelException(rc, "CUDA mel kernel failed: " + Cuda.lastError());
            }
        }
    }

    /** The native handle, for callers that pass the plan to other native code. */
    public EtMelPlan handle() {
        return live();
    }

    /** Vector ISA level of the CPU kernel clone in use, e.g. "x86-64-v3 (avx2+fma)". */
    public static String cpuIsa() {
        MelKernel.load();
        return MelKernel.et_mel_cpu_isa().getString();
    }

    /** One compiled clone of the CPU kernel: its name, lanes (frames per block) and whether this CPU runs it. */
    public record CpuClone(String name, int lanes, boolean supported) {
    }

    /** The CPU kernel clone in use (chosen at load: the best this CPU runs, or EMOTRACE_MEL_ISA / -Demotrace.mel.isa). */
    public static CpuClone cpuClone() {
        MelKernel.load();
        return new CpuClone(MelKernel.et_mel_cpu_clone().getString(), MelKernel.et_mel_cpu_lanes(), true);
    }

    /** Every clone compiled into the library, best first. */
    public static java.util.List<CpuClone> cpuClones() {
        MelKernel.load();
        int n = MelKernel.et_mel_cpu_clone_count();
        java.util.List<CpuClone> clones = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            clones.add(new CpuClone(MelKernel.et_mel_cpu_clone_name(i).getString(), MelKernel.et_mel_cpu_clone_lanes(i),
                    MelKernel.et_mel_cpu_clone_supported(i) != 0));
        }
        return java.util.List.copyOf(clones);
    }

    /**
     * Makes every later CPU compute of this process use the named clone ("auto" or null: the best this CPU runs).
     * For benchmarks and tests that compare clones; all clones give the same features.
     *
     * @throws IllegalArgumentException when the clone is unknown or this CPU cannot run it (selection unchanged)
     */
    public static void selectCpuClone(String name) {
        MelKernel.load();
        if (MelKernel.et_mel_cpu_select(name == null ? "auto" : name) != MelKernel.OK) {
            throw new IllegalArgumentException("CPU kernel clone '" + name + "' is not compiled in or not runnable here: "
                    + cpuClones());
        }
    }

    private EtMelPlan live() {
        if (closed) {
            throw new IllegalStateException("mel plan is closed");
        }
        return handle;
    }

    private static void requireCapacity(Pointer p, long needed, String what) {
        if (needed == 0) {
            return;
        }
        if (p == null || p.isNull()) {
            throw new IllegalArgumentException(what + " is null");
        }
        // Pointers wrapping foreign memory report capacity 0: their size is the caller's responsibility.
        if (p.capacity() > 0 && p.capacity() - p.position() < needed) {
            throw new IllegalArgumentException(what + " holds " + (p.capacity() - p.position()) + " floats, needs "
                    + needed);
        }
    }

    private static void check(int rc, String what) {
        if (rc != MelKernel.OK) {
            throw new NativeKernelException(rc, what + " failed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            MelKernel.et_mel_plan_destroy(handle);
            handle.setNull();
        }
    }
}
