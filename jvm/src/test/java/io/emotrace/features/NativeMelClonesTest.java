package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.bench.RealSpeech;
import io.emotrace.nativelib.MelPlan;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every CPU kernel clone this machine runs (avx512 / avx2 / sse2, 16 / 8 / 4 lanes) gives the same features on
 * real speech (the shared LibriVox clips and a LibriSpeech FLAC utterance): single signals, and a batch whose frames fall differently into each clone's lane blocks. The
 * kernel has no FMA contraction, so the clones are expected to agree bit for bit; the test allows 1e-5.
 */
class NativeMelClonesTest {
    private static final double TOLERANCE = 1e-5;
    private static final String LIBRISPEECH_FLAC = "data/librispeech/3005/3005-163389-0005.flac";

    @Test
    void everyCloneGivesTheSameFeaturesOnRealSpeech() throws Exception {
        SharedTestData.require(RealSpeech.ASR_DIR);  // fails under CI=true when the shared speech is missing
        float[] a = RealSpeech.tiled(30);            // the shared clips back to back (~34 s of them)
        // and one LibriSpeech utterance as it is stored (FLAC), decoded as the pipeline decodes
        float[] libri = new FfmpegAudioDecoder().decodeAll(SharedTestData.require(LIBRISPEECH_FLAC));
        assertTrue(libri.length > 16000, "LibriSpeech utterance of more than a second: " + libri.length);
        // odd lengths: the last block of every signal is partly idle, differently for 4, 8 and 16 lanes
        float[][] batch = {Arrays.copyOfRange(a, 5000, 5000 + 16000 * 3 + 77),
            Arrays.copyOfRange(a, 160_000, 160_000 + 16000 * 2 + 401), Arrays.copyOfRange(a, 300_000, 300_399),
            Arrays.copyOfRange(a, 400_001, 400_001 + 16000 + 160 * 5 + 13)};
        MelConfig dithered = MelConfig.kaldiFbank80().toBuilder().dither(1e-4f).ditherSeed(77).build();
        // fft 480 = 2^5 * 3 * 5: the radix-2, 3 and 5 butterflies (the presets only use radix 4, 2 and 5)
        MelConfig radix35 = MelConfig.kaldiFbank80().toBuilder().fftSize(480).build();
        List<MelPlan.CpuClone> clones = MelPlan.cpuClones().stream().filter(MelPlan.CpuClone::supported).toList();
        System.out.println("CPU kernel clones compared: " + clones + " (compiled: " + MelPlan.cpuClones() + ")");
        assertTrue(clones.stream().anyMatch(c -> c.name().equals("sse2")), "the baseline clone always runs");
        MelPlan.CpuClone before = MelPlan.cpuClone();
        try {
            for (MelConfig c : new MelConfig[] {MelConfig.kaldiFbank80(), MelConfig.whisper80(), dithered, radix35}) {
                float[] refOne = null;
                float[] refLibri = null;
                float[][] refBatch = null;
                String refName = null;
                for (MelPlan.CpuClone clone : clones) {
                    MelPlan.selectCpuClone(clone.name());
                    assertEquals(clone.name(), MelPlan.cpuClone().name());
                    float[] one;
                    float[] oneLibri;
                    float[][] many;
                    try (NativeMelExtractor fx = new NativeMelExtractor(c, 2)) {
                        one = fx.compute(a, 0, a.length);
                        many = fx.computeBatch(batch);
                        oneLibri = fx.compute(libri, 0, libri.length);
                    }
                    if (refOne == null) {
                        refOne = one;
                        refLibri = oneLibri;
                        refBatch = many;
                        refName = clone.name();
                        continue;
                    }
                    String what = clone.name() + " vs " + refName + " " + c;
                    assertEquals(refOne.length, one.length, what);
                    double d = maxAbsDiff(refOne, one);
                    System.out.printf("%s: %d values, max |diff| %.3g%s%n", what, one.length, d,
                            Arrays.equals(refOne, one) ? " (bit-identical)" : "");
                    assertTrue(d <= TOLERANCE, what + ": max |diff| " + d);
                    assertEquals(refLibri.length, oneLibri.length, what + " LibriSpeech");
                    double dl = maxAbsDiff(refLibri, oneLibri);
                    System.out.printf("%s, LibriSpeech %s: %d values, max |diff| %.3g%s%n", what, LIBRISPEECH_FLAC,
                            oneLibri.length, dl, Arrays.equals(refLibri, oneLibri) ? " (bit-identical)" : "");
                    assertTrue(dl <= TOLERANCE, what + " LibriSpeech: max |diff| " + dl);
                    assertEquals(refBatch.length, many.length);
                    for (int i = 0; i < many.length; i++) {
                        assertEquals(refBatch[i].length, many[i].length, what + " batch signal " + i);
                        double db = maxAbsDiff(refBatch[i], many[i]);
                        assertTrue(db <= TOLERANCE, what + " batch signal " + i + ": max |diff| " + db);
                    }
                }
            }
        } finally {
            MelPlan.selectCpuClone(before.name());
        }
    }

    /** Over every value, floor-clamped ones included; NaN or infinity anywhere counts as infinitely far. */
    private static double maxAbsDiff(float[] expected, float[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!Float.isFinite(expected[i]) || !Float.isFinite(actual[i])) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }
}
