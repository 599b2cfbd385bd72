package io.emotrace.features;

import io.emotrace.nativelib.Cuda;
import io.emotrace.pipeline.Availability;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Stand-alone check for a GPU machine, independent of the CLI: CUDA vs CPU kernel agreement and device
 * throughput (data already on the device, and with the host-to-device copy).
 * {@code java -cp ... io.emotrace.features.CudaMelSelfCheck [seconds-of-audio, default 600]}.
 * Exit code 0 = ok, 1 = mismatch, 2 = CUDA not available (reason printed).
 */
public final class CudaMelSelfCheck {
    private CudaMelSelfCheck() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        Availability a = FeatureExtractors.cudaStatus();
        System.out.println("CUDA: " + a.detail());
        if (!a.available()) {
            System.exit(2);
        }
        float[] x = signal(16_000 * seconds);
        boolean ok = true;
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80()}) {
            try (NativeMelExtractor cpu = new NativeMelExtractor(c, 0); CudaMelExtractor gpu = new CudaMelExtractor(c, 0)) {
                float[] head = java.util.Arrays.copyOf(x, Math.min(x.length, 16_000 * 60));
                float[] ref = cpu.compute(head);
                float[] got = gpu.compute(head);
                double max = 0;
                for (int i = 0; i < ref.length; i++) {
                    max = Math.max(max, Math.abs(ref[i] - got[i]));
                }
                ok &= max <= 1e-3 && ref.length == got.length;
                System.out.printf("%s%n  cuda vs cpu on %d s: max abs diff %.2e%n", c, head.length / 16_000, max);
                deviceThroughput(gpu, x, seconds);
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static void deviceThroughput(CudaMelExtractor gpu, float[] x, int seconds) {
        long bytes = x.length * 4L;
        try (Cuda.DeviceBuffer in = Cuda.DeviceBuffer.allocate(gpu.device(), bytes); FloatPointer host = new FloatPointer(x)) {
            in.upload(host, 0, bytes);
            gpu.computeOnDevice(in.pointer(), x.length).close(); // warm-up: plan upload, module load
            int reps = 5;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                gpu.computeOnDevice(in.pointer(), x.length).close();
            }
            double onDevice = (System.nanoTime() - t0) / 1e9 / reps;
            t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                in.upload(host, 0, bytes);
                gpu.computeOnDevice(in.pointer(), x.length).close();
            }
            double withCopy = (System.nanoTime() - t0) / 1e9 / reps;
            System.out.printf("  %d s of audio: on device %.4f s = %.0f h audio/s; with H2D copy %.4f s = %.0f h audio/s"
                    + " (both include output cudaMalloc/cudaFree)%n", seconds, onDevice, seconds / 3600.0 / onDevice,
                    withCopy, seconds / 3600.0 / withCopy);
        }
    }

    private static float[] signal(int n) {
        Random r = new Random(1);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.0571) + 0.05 * r.nextGaussian());
        }
        return x;
    }
}
