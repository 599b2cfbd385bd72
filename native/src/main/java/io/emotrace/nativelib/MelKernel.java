package io.emotrace.nativelib;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Raw JavaCPP binding of {@code emotrace_mel.h}: the fused log-mel kernels (CPU and CUDA) compiled into one JNI
 * library. The CUDA objects come with cudart_static merged in (see build-kernels.sh), or a fallback that reports
 * "built without CUDA"; either way the library links and loads on machines without a GPU or driver.
 * Prefer {@link MelPlan} and {@link Cuda} over calling these directly.
 */
@Platform(include = "emotrace_mel.h", link = {"pthread", "rt", "dl", "emotrace_cuda", "emotrace_mel"})
public final class MelKernel {
    /** System property naming the CPU kernel clone to use (as EMOTRACE_MEL_ISA): avx512, avx2, sse2 or auto. */
    public static final String ISA_PROPERTY = "emotrace.mel.isa";

    static {
        Loader.load();
        String isa = System.getProperty(ISA_PROPERTY);
        if (isa != null && !isa.isBlank() && et_mel_cpu_select(isa.strip()) != 0) { // 0 = OK (declared below)
            System.err.println("emotrace: -D" + ISA_PROPERTY + "=" + isa + " is not a CPU kernel clone this machine runs;"
                    + " using " + et_mel_cpu_clone().getString());
        }
    }

    private MelKernel() {
    }

    public static final int WINDOW_POVEY = 0, WINDOW_HANN = 1, WINDOW_HAMMING = 2, WINDOW_RECTANGULAR = 3;
    public static final int MEL_HTK = 0, MEL_SLANEY = 1;
    public static final int LOG_NATURAL = 0, LOG_LOG10 = 1;
    public static final int OK = 0, ERR_ARG = -1, ERR_CUDA = -2, ERR_NO_CUDA = -3, ERR_ALLOC = -4;

    /** Loads the JNI library; call before creating any Pointer that is handed to it. */
    public static void load() {
        Loader.load(MelKernel.class);
    }

    /** Mirror of io.emotrace.features.MelConfig as the C struct {@code EtMelConfig}. */
    @Name("EtMelConfig")
    public static class EtMelConfig extends Pointer {
        static {
            Loader.load();
        }

        public EtMelConfig() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int sample_rate(); public native EtMelConfig sample_rate(int v);
        public native int frame_length(); public native EtMelConfig frame_length(int v);
        public native int frame_shift(); public native EtMelConfig frame_shift(int v);
        public native int fft_size(); public native EtMelConfig fft_size(int v);
        public native int num_bins(); public native EtMelConfig num_bins(int v);
        public native int window(); public native EtMelConfig window(int v);
        public native int periodic_window(); public native EtMelConfig periodic_window(int v);
        public native float preemphasis(); public native EtMelConfig preemphasis(float v);
        public native float dither(); public native EtMelConfig dither(float v);
        @Cast("int64_t") public native long dither_seed(); public native EtMelConfig dither_seed(long v);
        public native int remove_dc_offset(); public native EtMelConfig remove_dc_offset(int v);
        public native float low_freq(); public native EtMelConfig low_freq(float v);
        public native float high_freq(); public native EtMelConfig high_freq(float v);
        public native int mel_scale(); public native EtMelConfig mel_scale(int v);
        public native int slaney_norm(); public native EtMelConfig slaney_norm(int v);
        public native int center(); public native EtMelConfig center(int v);
        public native int log_type(); public native EtMelConfig log_type(int v);
        public native float log_floor(); public native EtMelConfig log_floor(float v);
    }

    /** Opaque plan handle; owned by {@link MelPlan}. */
    @Opaque
    public static class EtMelPlan extends Pointer {
        static {
            Loader.load();
        }

        public EtMelPlan() {
            super((Pointer) null);
        }

        public EtMelPlan(Pointer p) {
            super(p);
        }
    }

    public static native EtMelPlan et_mel_plan_create(@Const EtMelConfig config, @Cast("char*") BytePointer err,
            int errLen);

    public static native void et_mel_plan_destroy(EtMelPlan plan);

    @Cast("int64_t") public static native long et_mel_frame_count(@Const EtMelPlan plan, @Cast("int64_t") long n);

    public static native int et_mel_num_bins(@Const EtMelPlan plan);

    public static native int et_mel_compute(@Const EtMelPlan plan, @Const FloatPointer samples,
            @Cast("int64_t") long n, FloatPointer out, int threads);

    public static native int et_mel_compute_batch(@Const EtMelPlan plan, @Const FloatPointer samples,
            @Cast("const int64_t*") LongPointer offsets, int numSignals, FloatPointer out,
            @Cast("int64_t*") LongPointer outFrameOffsets, int threads);

    @Cast("int64_t") public static native long et_mel_batch_frame_count(@Const EtMelPlan plan,
            @Cast("const int64_t*") LongPointer offsets, int numSignals);

    public static native int et_mel_power_spectrum(@Const EtMelPlan plan, @Const FloatPointer frame,
            FloatPointer powerOut);

    public static native @Cast("const char*") BytePointer et_mel_cpu_isa();

    public static native @Cast("const char*") BytePointer et_mel_cpu_clone();

    public static native int et_mel_cpu_lanes();

    public static native int et_mel_cpu_select(String name);

    public static native int et_mel_cpu_clone_count();

    public static native @Cast("const char*") BytePointer et_mel_cpu_clone_name(int index);

    public static native int et_mel_cpu_clone_lanes(int index);

    public static native int et_mel_cpu_clone_supported(int index);

    public static native int et_cuda_device_count(@Cast("char*") BytePointer reason, int reasonLen);

    public static native int et_cuda_device_info(int device, @Cast("char*") BytePointer name, int nameLen,
            @Cast("int64_t*") LongPointer totalMem, IntPointer ccMajor, IntPointer ccMinor);

    public static native int et_cuda_built();

    public static native @Cast("const char*") BytePointer et_cuda_last_error();

    public static native int et_cuda_malloc(int device, @Cast("int64_t") long bytes,
            @Cast("int64_t*") LongPointer devicePtr);

    public static native int et_cuda_free(int device, @Cast("int64_t") long devicePtr);

    public static native int et_cuda_copy_h2d(int device, @Cast("int64_t") long dst, @Const Pointer src,
            @Cast("int64_t") long bytes);

    public static native int et_cuda_copy_d2h(int device, Pointer dst, @Cast("int64_t") long src,
            @Cast("int64_t") long bytes);

    public static native int et_cuda_synchronize(int device);

    public static native int et_cuda_mel_compute_batch(@Const EtMelPlan plan, int device,
            @Cast("int64_t") long samplesDev, @Cast("const int64_t*") LongPointer hostOffsets, int numSignals,
            @Cast("int64_t") long outDev);
}
