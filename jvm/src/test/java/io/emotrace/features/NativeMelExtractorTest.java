package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.nativelib.MelPlan;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class NativeMelExtractorTest {
    private static final double TOLERANCE = 1e-3;

    /** Max |native - reference| in the log domain over cells whose reference energy is clearly above the floor. */
    private static double maxLogError(MelConfig c, float[] x, float[] got) {
        double[][] ref = DoubleMelReference.compute(c, x);
        assertEquals(ref.length * c.numBins(), got.length, "feature count");
        double floorLog = c.logType() == LogType.NATURAL ? Math.log(c.logFloor()) : Math.log10(c.logFloor());
        double margin = c.logType() == LogType.NATURAL ? Math.log(10) : 1;
        double max = 0;
        int compared = 0;
        for (int f = 0; f < ref.length; f++) {
            for (int m = 0; m < c.numBins(); m++) {
                if (ref[f][m] > floorLog + margin) {
                    max = Math.max(max, Math.abs(ref[f][m] - got[f * c.numBins() + m]));
                    compared++;
                }
            }
        }
        assertTrue(compared > ref.length * c.numBins() / 2, "most cells must be above the floor: " + compared);
        return max;
    }

    private static void assertMatchesReference(MelConfig c, float[] x, String what) {
        try (NativeMelExtractor e = new NativeMelExtractor(c, 2)) {
            double err = maxLogError(c, x, e.compute(x));
            System.out.printf("%s %s: max abs log error %.2e%n", what, c, err);
            assertTrue(err <= TOLERANCE, what + ": max abs log error " + err);
        }
    }

    @Test
    void kaldiFbankMatchesDoubleReferenceOnRealSpeech() throws Exception {
        assertMatchesReference(MelConfig.kaldiFbank80(), MelTestSignals.speech("data/asr/001.wav"), "kaldi speech");
    }

    @Test
    void whisperMatchesDoubleReferenceOnRealSpeech() throws Exception {
        assertMatchesReference(MelConfig.whisper80(), MelTestSignals.speech("data/asr/001.wav"), "whisper speech");
    }

    @Test
    void matchesReferenceOnTonesAndNoiseForOtherOptions() {
        float[] x = MelTestSignals.tonesAndNoise(12_000, 7);
        assertMatchesReference(MelConfig.kaldiFbank80(), x, "kaldi tones");
        assertMatchesReference(MelConfig.whisper80(), x, "whisper tones");
        assertMatchesReference(MelConfig.kaldiFbank80().toBuilder().window(WindowType.HAMMING).numBins(40)
                .highFreq(-400f).lowFreq(60f).slaneyNorm(true).build(), x, "hamming 40 bins slaney-norm htk");
        assertMatchesReference(MelConfig.kaldiFbank80().toBuilder().window(WindowType.RECTANGULAR).fftSize(480)
                .preemphasis(0f).removeDcOffset(false).logType(LogType.LOG10).build(), x, "rectangular fft480");
        assertMatchesReference(MelConfig.whisper80().toBuilder().frameLength(320).fftSize(512).numBins(64).build(), x,
                "whisper-like window < fft");
    }

    @Test
    void fft400And512MatchNaiveDft() {
        Random r = new Random(3);
        for (int n : new int[] {400, 512, 450, 243}) {
            MelConfig c = MelConfig.kaldiFbank80().toBuilder().frameLength(Math.min(n, 400)).fftSize(n).build();
            float[] frame = new float[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                frame[i] = (float) r.nextGaussian();
                d[i] = frame[i];
            }
            try (MelPlan plan = NativeMelPlans.create(c)) {
                float[] got = plan.powerSpectrum(frame);
                double[] ref = DoubleMelReference.powerDft(d);
                double energy = 0;
                for (double v : d) {
                    energy += v * v;
                }
                for (int k = 0; k < ref.length; k++) {
                    // float32 FFT error scales with the frame energy (times N for the DFT gain)
                    assertEquals(ref[k], got[k], 1e-5 * energy * n / 100, "fft " + n + " bin " + k);
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnThreadCountEvenWithDither() {
        float[] x = MelTestSignals.tonesAndNoise(16_000 * 5, 11);
        for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80().toBuilder().dither(1e-3f).ditherSeed(42).build(),
                MelConfig.whisper80()}) {
            float[] one;
            try (NativeMelExtractor e = new NativeMelExtractor(c, 1)) {
                one = e.compute(x);
            }
            for (int threads : new int[] {2, 3, 8}) {
                try (NativeMelExtractor e = new NativeMelExtractor(c, threads)) {
                    assertArrayEquals(one, e.compute(x), "threads=" + threads + " " + c);
                }
            }
        }
    }

    @Test
    void ditherIsDeterministicPerSeedAndChangesTheOutput() {
        float[] x = MelTestSignals.tonesAndNoise(8000, 5);
        MelConfig base = MelConfig.kaldiFbank80();
        try (NativeMelExtractor a = new NativeMelExtractor(base.toBuilder().dither(0.01f).ditherSeed(1).build(), 1);
                NativeMelExtractor b = new NativeMelExtractor(base.toBuilder().dither(0.01f).ditherSeed(1).build(), 2);
                NativeMelExtractor c = new NativeMelExtractor(base.toBuilder().dither(0.01f).ditherSeed(2).build(), 1);
                NativeMelExtractor plain = new NativeMelExtractor(base, 1)) {
            float[] fa = a.compute(x);
            assertArrayEquals(fa, b.compute(x));
            assertFalse(java.util.Arrays.equals(fa, c.compute(x)));
            assertFalse(java.util.Arrays.equals(fa, plain.compute(x)));
        }
    }

    @Test
    void emptyAndShortInputs() {
        try (NativeMelExtractor k = new NativeMelExtractor(MelConfig.kaldiFbank80(), 0);
                NativeMelExtractor w = new NativeMelExtractor(MelConfig.whisper80(), 0)) {
            assertEquals(0, k.compute(new float[0]).length);
            assertEquals(0, k.compute(new float[399]).length);
            assertEquals(80, k.compute(new float[400]).length);
            assertEquals(MelConfig.whisper80().frameCount(0) * 80, w.compute(new float[0]).length);
            for (int n : new int[] {1, 2, 150, 399}) {
                float[] x = MelTestSignals.tonesAndNoise(n, n);
                float[] f = w.compute(x);
                assertEquals(MelConfig.whisper80().frameCount(n) * 80, f.length);
                for (float v : f) {
                    assertTrue(Float.isFinite(v));
                }
            }
            assertThrows(IndexOutOfBoundsException.class, () -> k.compute(new float[10], 5, 6));
        }
    }

    @Test
    void invalidConfigIsRejectedWithAReason() {
        MelConfig bad = MelConfig.kaldiFbank80().toBuilder().lowFreq(9000f).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NativeMelExtractor(bad, 1));
        assertTrue(e.getMessage().contains("low_freq"), e.getMessage());
    }

    @Test
    void batchAndZeroCopyMatchSingleCalls() {
        MelConfig c = MelConfig.kaldiFbank80();
        float[][] clips = {MelTestSignals.tonesAndNoise(5000, 1), new float[0], MelTestSignals.tonesAndNoise(399, 2),
            MelTestSignals.tonesAndNoise(16000, 3)};
        try (NativeMelExtractor e = new NativeMelExtractor(c, 3)) {
            float[][] batch = e.computeBatch(clips);
            for (int i = 0; i < clips.length; i++) {
                assertArrayEquals(e.compute(clips[i]), batch[i], "clip " + i);
            }
            float[] x = clips[3];
            try (FloatPointer in = new FloatPointer(x); FloatPointer out = new FloatPointer(c.frameCount(x.length) * 80L)) {
                long frames = e.compute(in, x.length, out);
                float[] got = new float[(int) frames * 80];
                out.get(got);
                assertArrayEquals(e.compute(x), got);
            }
            // offset into a larger array
            float[] padded = new float[x.length + 100];
            System.arraycopy(x, 0, padded, 37, x.length);
            assertArrayEquals(e.compute(x), e.compute(padded, 37, x.length));
        }
    }

    @Test
    void repeatedCallsDoNotLeakNativeMemory() {
        float[] x = MelTestSignals.tonesAndNoise(16_000 * 3, 9);
        try (NativeMelExtractor e = new NativeMelExtractor(MelConfig.kaldiFbank80(), 2)) {
            long before = Pointer.totalBytes();
            for (int i = 0; i < 300; i++) {
                e.compute(x);
                e.computeBatch(new float[][] {x, x});
            }
            assertEquals(before, Pointer.totalBytes(), "JavaCPP-tracked native bytes must return to the baseline");
            // Resident memory over the zero-copy path (no Java garbage that would grow the heap): a leaked
            // ~100 KB buffer per call would show as 100+ MB here.
            long[] offsets = {0, x.length, 2L * x.length};
            try (FloatPointer in = new FloatPointer(2L * x.length);
                    FloatPointer out = new FloatPointer(e.batchFrameCount(offsets) * 80)) {
                in.put(x).position(x.length).put(x).position(0);
                for (int i = 0; i < 200; i++) {
                    e.computeBatch(in, offsets, out);
                }
                long rssBefore = Pointer.physicalBytes();
                for (int i = 0; i < 1000; i++) {
                    e.computeBatch(in, offsets, out);
                    e.compute(in, x.length, out);
                }
                long growth = Pointer.physicalBytes() - rssBefore;
                assertTrue(growth < 32L << 20, "resident memory grew by " + (growth >> 20) + " MiB over 2000 calls");
            }
        }
        for (int i = 0; i < 200; i++) { // plans are freed too
            new NativeMelExtractor(MelConfig.whisper80(), 1).close();
        }
    }

    /** Prints the single-thread speed (a figure for the notes, not an assertion). Size via -Demotrace.melBenchSeconds. */
    @Test
    void printsSingleThreadThroughput() {
        int seconds = Integer.getInteger("emotrace.melBenchSeconds", 600);
        float[] x = MelTestSignals.tonesAndNoise(16_000 * seconds, 1);
        MelConfig c = MelConfig.kaldiFbank80();
        try (NativeMelExtractor e = new NativeMelExtractor(c, 1);
                FloatPointer in = new FloatPointer(x);
                FloatPointer out = new FloatPointer((long) c.frameCount(x.length) * c.numBins())) {
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                e.compute(in, x.length, out);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("cpu-native kaldi fbank80, 1 thread, %s: %d s of audio in %.4f s = %.0fx real time "
                    + "(1 h of audio in %.2f s)%n", MelPlan.cpuIsa(), seconds, best, seconds / best, 3600 * best / seconds);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try (NativeMelExtractor e = new NativeMelExtractor(c, 0);
                FloatPointer in = new FloatPointer(x);
                FloatPointer out = new FloatPointer((long) c.frameCount(x.length) * c.numBins())) {
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                e.compute(in, x.length, out);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("cpu-native kaldi fbank80, all %d threads: %.0fx real time%n", cores, seconds / best);
        }
    }
}
