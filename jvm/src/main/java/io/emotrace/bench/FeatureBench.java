package io.emotrace.bench;

import io.emotrace.runtime.HostInfo;

import io.emotrace.features.CudaMelExtractor;
import io.emotrace.features.DeviceFeatures;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.JavaMelExtractor;
import io.emotrace.features.MelConfig;
import io.emotrace.features.NativeMelExtractor;
import io.emotrace.features.TorchMelReference;
import io.emotrace.nativelib.Cuda;
import io.emotrace.nativelib.MelKernel;
import io.emotrace.nativelib.MelPlan;
import io.emotrace.pipeline.Availability;
import org.bytedeco.javacpp.FloatPointer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Log-mel throughput of every backend on the same real speech in the same run: (a) fused native CPU kernel,
 * (b) plain Java (JTransforms), (c) LibTorch stft + mel, and the CUDA kernel where one is usable.
 * Each backend gets the signal in the same chunks, one untimed warm-up pass, then {@code reps} timed
 * passes; best and median are reported. Figures are printed as measured.
 */
public final class FeatureBench {
    static final double TARGET_NATIVE_XRT_PER_CORE = 8000;
    static final double TARGET_VS_JAVA = 3.0;
    static final double TARGET_VS_TORCH = 1.5;
    static final double TARGET_GPU_HOURS_PER_SECOND = 2000;

    private final MelConfig config;
    private final String presetName;
    private final float[] audio;
    private final int threads;
    private final int reps;
    private final int chunkSamples;
    private final PrintStream out;
    private final boolean perClone;
    private final int nativeReps;

    /**
     * One timed backend; {@code error} set when it could not run here. cpuSeconds: process CPU time (all threads)
     * per timed pass, the mean over the passes (the JVM counts it in clock ticks, too coarse for one short pass),
     * NaN where the JVM cannot say; on a machine that other jobs keep busy a pass waits for a core and its wall time
     * grows, its CPU time much less.
     */
    record Row(String backend, int threads, double bestSeconds, double medianSeconds, double cpuSeconds,
               String error) {
        Row(String backend, int threads, double bestSeconds, double medianSeconds, String error) {
            this(backend, threads, bestSeconds, medianSeconds, Double.NaN, error);
        }

        boolean ok() {
            return error == null;
        }
    }

    /** CPU time of this process (all threads, native ones included) in ns, or -1 where the JVM cannot say. */
    static long processCpuNanos() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot-style JVM: wall time only
        }
        return -1;
    }

    private static double cpuSeconds(long c0, long c1) {
        return c0 < 0 || c1 < 0 ? Double.NaN : (c1 - c0) / 1e9;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;  // NaN when any is unknown
        }
        return sum / v.length;
    }

    @FunctionalInterface
    interface ExtractorFactory {
        FeatureExtractor create() throws Exception;
    }

    public FeatureBench(MelConfig config, String presetName, float[] audio, int threads, int reps, int chunkSeconds,
                        PrintStream out) {
        this(config, presetName, audio, threads, reps, chunkSeconds, true, reps, out);
    }

    /**
     * perClone: also time the zero-copy native kernel on one thread with every CPU clone this machine runs.
     * nativeReps: timed passes of the native rows (a pass takes well under a second, so more of them cost little
     * and give a busy machine more chances of one undisturbed pass).
     */
    public FeatureBench(MelConfig config, String presetName, float[] audio, int threads, int reps, int chunkSeconds,
                        boolean perClone, int nativeReps, PrintStream out) {
        this.perClone = perClone;
        this.nativeReps = Math.max(1, nativeReps);
        this.config = config;
        this.presetName = presetName;
        this.audio = audio;
        this.threads = threads;
        this.reps = reps;
        this.chunkSamples = Math.max(config.frameLength(), chunkSeconds * config.sampleRate());
        this.out = out;
    }

    private double audioSeconds() {
        return audio.length / (double) config.sampleRate();
    }

    public void run() {
        printMachine();
        out.printf(Locale.ROOT, "audio: %.1f s (%.3f h) of real speech tiled from %s, preset %s, chunks of %d s, "
                        + "%d timed passes after warm-up (native rows: %d)%n%n", audioSeconds(), audioSeconds() / 3600,
                RealSpeech.ASR_DIR, presetName, chunkSamples / config.sampleRate(), reps, nativeReps);

        List<Row> rows = new ArrayList<>();
        // zero-copy: the kernel reads JavaCPP memory in place, as the pipeline hands it over
        Row native1 = timeNativeZeroCopy(1);
        rows.add(native1);
        Row nativeN = threads > 1 ? timeNativeZeroCopy(threads) : native1;
        if (threads > 1) {
            rows.add(nativeN);
        }
        // the same kernel behind the float[] API: one copy in and one copy out per chunk
        // the same kernel forced to each compiled clone this CPU runs (avx512 / avx2 / sse2), one thread
        List<Row> cloneRows = perClone ? timeClones() : List.of();
        rows.addAll(cloneRows);
        rows.add(time("native-arr", 1, () -> FeatureExtractors.cpu(config, 1)));
        if (threads > 1) {
            rows.add(time("native-arr", threads, () -> FeatureExtractors.cpu(config, threads)));
        }
        Row java1 = time("java", 1, () -> new JavaMelExtractor(config, 1));
        rows.add(java1);
        Row javaN = threads > 1 ? time("java", threads, () -> new JavaMelExtractor(config, threads)) : java1;
        if (threads > 1) {
            rows.add(javaN);
        }
        Row torchN = time("libtorch", threads, () -> new TorchMelReference(config, threads));
        rows.add(torchN);

        printTable(rows);
        if (!cloneRows.isEmpty()) {
            out.println("native-cpu[clone]: the zero-copy kernel forced to each CPU clone on 1 thread, the clones timed "
                    + "in turn pass by pass");
        }
        out.println("x RT per core: audio / best wall time / threads; CPU s: process CPU time per pass (mean of the "
                + "passes, all threads); x RT per CPU: audio / CPU s = per core, whatever else runs on the machine");
        out.println();
        printRatio("a/b, 1 thread   (native / java)", native1, java1, TARGET_VS_JAVA);
        if (threads > 1) {
            printRatio("a/b, " + threads + " threads (native / java)", nativeN, javaN, TARGET_VS_JAVA);
        }
        printRatio("a/c, " + threads + " thread(s) (native / libtorch)", nativeN, torchN, TARGET_VS_TORCH);
        for (Row r : cloneRows) {
            printRatio("a/b, 1 thread, " + r.backend() + " / java", r, java1, TARGET_VS_JAVA);
        }
        out.println();
        runCuda();
    }

    private Row time(String backend, int n, ExtractorFactory factory) {
        try (FeatureExtractor fx = factory.create()) {
            return timePasses(backend, n, backend.startsWith("native") ? nativeReps : reps,
                    () -> checksum(fx, 0, audio.length));
        } catch (Exception | LinkageError e) {
            return failed(backend, n, e);
        }
    }

    private Row timeNativeZeroCopy(int n) {
        return timeNativeZeroCopy("native-cpu", n);
    }

    /**
     * One 1-thread zero-copy row per CPU clone this machine runs, the clones taking turns pass by pass (round
     * robin, best and median of reps each), so that load from other processes hits them alike and their ratios
     * hold even on a busy machine. The clone chosen at load is restored after.
     */
    private List<Row> timeClones() {
        List<Row> rows = new ArrayList<>();
        List<MelPlan.CpuClone> clones;
        MelPlan.CpuClone atLoad;
        try {
            clones = MelPlan.cpuClones();
            atLoad = MelPlan.cpuClone();
        } catch (LinkageError | RuntimeException e) {
            return rows;  // the native-cpu rows already say why the native library is not available
        }
        List<MelPlan.CpuClone> runnable = clones.stream().filter(MelPlan.CpuClone::supported).toList();
        final int reps = nativeReps;
        double[][] t = new double[runnable.size()][reps];
        double[][] cpu = new double[runnable.size()][reps];
        long maxOut = (long) config.frameCount(chunkSamples) * config.numBins();
        try (NativeMelExtractor fx = new NativeMelExtractor(config, 1);
             FloatPointer in = new FloatPointer(audio.length);
             FloatPointer outBuf = new FloatPointer(Math.max(1, maxOut))) {
            in.put(audio, 0, audio.length);
            for (MelPlan.CpuClone c : runnable) {  // untimed warm-up pass per clone
                MelPlan.selectCpuClone(c.name());
                zeroCopyPass(fx, in, outBuf);
            }
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < runnable.size(); i++) {
                    MelPlan.selectCpuClone(runnable.get(i).name());
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    double sink = zeroCopyPass(fx, in, outBuf);
                    t[i][r] = (System.nanoTime() - t0) / 1e9;
                    cpu[i][r] = cpuSeconds(c0, processCpuNanos());
                    if (Double.isNaN(sink)) {
                        t[i][r] = Double.NaN;
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            rows.add(failed("native-cpu[clones]", 1, e));
            return rows;
        } finally {
            MelPlan.selectCpuClone(atLoad.name());
        }
        int k = 0;
        for (MelPlan.CpuClone c : clones) {
            String name = "native-cpu[" + c.name() + "]";
            if (!c.supported()) {
                rows.add(new Row(name, 1, 0, 0, "this CPU cannot run the " + c.name() + " clone"));
                continue;
            }
            double cpuMean = mean(cpu[k]);
            double[] ti = t[k++];
            if (Arrays.stream(ti).anyMatch(Double::isNaN)) {
                rows.add(new Row(name, 1, 0, 0, "produced NaN features"));
                continue;
            }
            Arrays.sort(ti);
            rows.add(new Row(name, 1, ti[0], ti[reps / 2], cpuMean, null));
        }
        return rows;
    }

    private Row timeNativeZeroCopy(String backend, int n) {
        long maxOut = (long) config.frameCount(chunkSamples) * config.numBins();
        try (NativeMelExtractor fx = new NativeMelExtractor(config, n);
             FloatPointer in = new FloatPointer(audio.length);
             FloatPointer outBuf = new FloatPointer(Math.max(1, maxOut))) {
            in.put(audio, 0, audio.length);
            return timePasses(backend, n, nativeReps, () -> zeroCopyPass(fx, in, outBuf));
        } catch (RuntimeException | LinkageError e) {
            return failed(backend, n, e);
        }
    }

    /** One whole pass over the audio; returns a checksum so the JIT cannot drop the work. */
    @FunctionalInterface
    private interface Pass {
        double run();
    }

    /** A whole untimed pass (JIT compilation, thread pools, LibTorch kernels and caches all warm), then reps timed. */
    private Row timePasses(String backend, int n, int reps, Pass pass) {
        pass.run();
        double[] t = new double[reps];
        double[] cpu = new double[reps];
        for (int r = 0; r < reps; r++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            double sink = pass.run();
            t[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = cpuSeconds(c0, processCpuNanos());
            if (Double.isNaN(sink)) {
                return new Row(backend, n, 0, 0, "produced NaN features");
            }
        }
        Arrays.sort(t);
        return new Row(backend, n, t[0], t[reps / 2], mean(cpu), null);
    }

    private static Row failed(String backend, int n, Throwable e) {
        String why = e instanceof UnsupportedOperationException || e instanceof LinkageError
                ? String.valueOf(e.getMessage()) : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new Row(backend, n, 0, 0, why);
    }

    private double zeroCopyPass(NativeMelExtractor fx, FloatPointer in, FloatPointer outBuf) {
        double sum = 0;
        for (int pos = 0; pos < audio.length; pos += chunkSamples) {
            int len = Math.min(chunkSamples, audio.length - pos);
            long frames = fx.compute(in.position(pos), len, outBuf);
            if (frames > 0) {
                sum += outBuf.get(0) + outBuf.get(frames * config.numBins() - 1);
            }
        }
        in.position(0);
        return sum;
    }

    /** Runs the extractor over [from, to) in chunks; the sum keeps the JIT from dropping any work. */
    private double checksum(FeatureExtractor fx, int from, int to) {
        double sum = 0;
        for (int pos = from; pos < to; pos += chunkSamples) {
            int len = Math.min(chunkSamples, to - pos);
            float[] f = fx.compute(audio, pos, len);
            if (f.length > 0) {
                sum += f[0] + f[f.length - 1];
            }
        }
        return sum;
    }

    private void printTable(List<Row> rows) {
        out.printf(Locale.ROOT, "%-18s %7s %10s %10s %12s %11s %13s %9s %12s  %s%n", "backend", "threads", "best s",
                "median s", "h audio/s", "x realtime", "x RT per core", "CPU s", "x RT per CPU", "target (wall, CPU)");
        for (Row r : rows) {
            if (!r.ok()) {
                out.printf(Locale.ROOT, "%-18s %7d   not available: %s%n", r.backend(), r.threads(), r.error());
                continue;
            }
            double xrt = audioSeconds() / r.bestSeconds();
            double xrtCpu = audioSeconds() / r.cpuSeconds();  // NaN when the CPU time is unknown
            String target = "";
            if (r.backend().startsWith("native")) {
                target = String.format(Locale.ROOT, ">= %.0f x RT/core: %s, %s", TARGET_NATIVE_XRT_PER_CORE,
                        xrt / r.threads() >= TARGET_NATIVE_XRT_PER_CORE ? "PASS" : "BELOW",
                        Double.isNaN(xrtCpu) ? "n/a" : xrtCpu >= TARGET_NATIVE_XRT_PER_CORE ? "PASS" : "BELOW");
            }
            out.printf(Locale.ROOT, "%-18s %7d %10.3f %10.3f %12.3f %11.0f %13.0f %9.3f %12.0f  %s%n", r.backend(),
                    r.threads(), r.bestSeconds(), r.medianSeconds(), xrt / 3600, xrt, xrt / r.threads(),
                    r.cpuSeconds(), xrtCpu, target);
        }
    }

    private void printRatio(String label, Row a, Row b, double target) {
        if (!a.ok() || !b.ok()) {
            out.printf(Locale.ROOT, "%-46s n/a (%s not available)  target >= %.1f%n", label,
                    !a.ok() ? a.backend() : b.backend(), target);
            return;
        }
        double ratio = b.bestSeconds() / a.bestSeconds();
        double cpuRatio = b.cpuSeconds() / a.cpuSeconds();
        out.printf(Locale.ROOT, "%-46s %6.2f x  target >= %.1f  %-5s  (CPU time: %.2f x %s)%n", label, ratio, target,
                ratio >= target ? "PASS" : "BELOW", cpuRatio,
                Double.isNaN(cpuRatio) ? "n/a" : cpuRatio >= target ? "PASS" : "BELOW");
    }

    private void runCuda() {
        Optional<FeatureExtractor> cuda;
        try {
            cuda = FeatureExtractors.cuda(config);
        } catch (LinkageError | RuntimeException e) {
            out.println("cuda: not available (" + e + ")");
            return;
        }
        if (cuda.isEmpty()) {
            Availability a = FeatureExtractors.cudaStatus();
            out.println("cuda: not available (" + a.detail() + ")");
            return;
        }
        try (CudaMelExtractor gpu = (CudaMelExtractor) cuda.get();
             FloatPointer host = new FloatPointer(audio.length);
             Cuda.DeviceBuffer onDevice = Cuda.DeviceBuffer.allocate(gpu.device(), (long) audio.length * Float.BYTES)) {
            host.put(audio, 0, audio.length);
            long bytes = (long) audio.length * Float.BYTES;
            // the whole signal as one batch of chunk-sized signals, as the pipeline would batch segments
            long[] offsets = new long[(audio.length + chunkSamples - 1) / chunkSamples + 1];
            for (int i = 1; i < offsets.length; i++) {
                offsets[i] = Math.min(audio.length, (long) i * chunkSamples);
            }
            onDevice.upload(host, 0, bytes);
            gpu.computeBatchOnDevice(onDevice.pointer(), offsets).close();
            double[] resident = new double[reps];
            double[] transfers = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                try (DeviceFeatures f = gpu.computeBatchOnDevice(onDevice.pointer(), offsets)) {
                    resident[r] = (System.nanoTime() - t0) / 1e9;
                }
                long t1 = System.nanoTime();
                onDevice.upload(host, 0, bytes);
                try (DeviceFeatures f = gpu.computeBatchOnDevice(onDevice.pointer(), offsets)) {
                    f.toHost();
                }
                transfers[r] = (System.nanoTime() - t1) / 1e9;
            }
            Arrays.sort(resident);
            Arrays.sort(transfers);
            double hpsResident = audioSeconds() / resident[0] / 3600;
            out.printf(Locale.ROOT, "cuda (%s), data on the device: %.4f s best, %.0f h audio/s  target >= %.0f h/s  %s%n",
                    Cuda.deviceInfo(gpu.device()).name(), resident[0], hpsResident, TARGET_GPU_HOURS_PER_SECOND,
                    hpsResident >= TARGET_GPU_HOURS_PER_SECOND ? "PASS" : "BELOW");
            out.printf(Locale.ROOT, "cuda, host-to-device + kernel + device-to-host: %.4f s best, %.0f h audio/s%n",
                    transfers[0], audioSeconds() / transfers[0] / 3600);
        } catch (RuntimeException | LinkageError e) {
            out.println("cuda: failed (" + e + ")");
        }
    }

    private void printMachine() {
        out.printf(Locale.ROOT, "machine: %d cores, %s [%s], %s %s (%s), %s %s%n",
                Runtime.getRuntime().availableProcessors(), HostInfo.cpuModel(), HostInfo.cpuDetails(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        out.println("load average at start: " + HostInfo.loadAverage() + " (other processes share these cores)");
        out.println("native CPU kernel: " + cpuKernel());
        out.println("config: " + config);
    }

    /** The CPU kernel clone selected at load (ISA, lanes) and the compiled ones, or why the library is missing. */
    static String cpuKernel() {
        try {
            MelPlan.CpuClone c = MelPlan.cpuClone();
            StringBuilder sb = new StringBuilder();
            sb.append("clone ").append(c.name()).append(" = ").append(MelPlan.cpuIsa()).append(", ").append(c.lanes())
                    .append(" lanes (frames per vector register) selected at load");
            String forced = System.getenv("EMOTRACE_MEL_ISA");
            String prop = System.getProperty(MelKernel.ISA_PROPERTY);
            if (prop != null && !prop.isBlank()) {
                sb.append(" (-D").append(MelKernel.ISA_PROPERTY).append('=').append(prop).append(')');
            } else if (forced != null && !forced.isBlank()) {
                sb.append(" (EMOTRACE_MEL_ISA=").append(forced).append(')');
            }
            sb.append("; compiled clones:");
            for (MelPlan.CpuClone k : MelPlan.cpuClones()) {
                sb.append(' ').append(k.name()).append('/').append(k.lanes())
                        .append(k.supported() ? "" : " (not runnable here)");
            }
            return sb.toString();
        } catch (LinkageError | RuntimeException e) {
            return "not available (" + e + ")";
        }
    }
}
