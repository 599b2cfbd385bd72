package io.emotrace.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The JNI library loads, plans validate their config, CUDA detection answers without throwing. */
class MelKernelTest {
    private static MelKernel.EtMelConfig kaldi(MelKernel.EtMelConfig c) {
        return c.sample_rate(16000).frame_length(400).frame_shift(160).fft_size(512).num_bins(80)
                .window(MelKernel.WINDOW_POVEY).periodic_window(0).preemphasis(0.97f).dither(0f).dither_seed(0)
                .remove_dc_offset(1).low_freq(20f).high_freq(0f).mel_scale(MelKernel.MEL_HTK).slaney_norm(0)
                .center(0).log_type(MelKernel.LOG_NATURAL).log_floor(1.1920929e-7f);
    }

    @Test
    void planReportsFramesAndRejectsBadConfig() {
        MelKernel.load();
        try (MelKernel.EtMelConfig c = new MelKernel.EtMelConfig(); MelPlan plan = MelPlan.create(kaldi(c))) {
            assertEquals(80, plan.numBins());
            assertEquals(0, plan.frameCount(399));
            assertEquals(98, plan.frameCount(16000));
            assertEquals(99 + 98, plan.batchFrameCount(new long[] {0, 16160, 32160}));
        }
        try (MelKernel.EtMelConfig c = new MelKernel.EtMelConfig()) {
            kaldi(c).fft_size(7 * 64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MelPlan.create(c));
            assertTrue(e.getMessage().contains("2, 3 and 5"), e.getMessage());
        }
    }

    @Test
    void closedPlanRefusesWork() {
        MelKernel.load();
        MelPlan plan;
        try (MelKernel.EtMelConfig c = new MelKernel.EtMelConfig()) {
            plan = MelPlan.create(kaldi(c));
        }
        plan.close();
        plan.close();
        assertThrows(IllegalStateException.class, () -> plan.frameCount(1000));
    }

    @Test
    void cudaStatusNeverThrows() {
        Cuda.Status s = Cuda.status();
        assertFalse(s.detail().isBlank());
        System.out.println("native CUDA status: " + s + ", cpu ISA: " + MelPlan.cpuIsa());
        if (!s.available()) {
            assertEquals(0, s.deviceCount());
            NativeKernelException e = assertThrows(NativeKernelException.class, () -> Cuda.DeviceBuffer.allocate(0, 64));
            assertTrue(e.code() == MelKernel.ERR_CUDA || e.code() == MelKernel.ERR_NO_CUDA, e.getMessage());
        }
    }

    @Test
    void cpuClonesAreListedAndSelectable() {
        java.util.List<MelPlan.CpuClone> clones = MelPlan.cpuClones();
        System.out.println("CPU kernel clones: " + clones + ", selected: " + MelPlan.cpuClone() + " " + MelPlan.cpuIsa());
        MelPlan.CpuClone last = clones.get(clones.size() - 1);
        assertEquals("sse2", last.name());
        assertTrue(last.supported());
        for (MelPlan.CpuClone c : clones) {
            assertEquals(switch (c.name()) {
                case "avx512" -> 16;
                case "avx2" -> 8;
                default -> 4;
            }, c.lanes(), c.toString());
        }
        MelPlan.CpuClone before = MelPlan.cpuClone();
        try {
            assertThrows(IllegalArgumentException.class, () -> MelPlan.selectCpuClone("avx1024"));
            assertEquals(before, MelPlan.cpuClone());
            MelPlan.selectCpuClone("sse2");
            assertEquals(new MelPlan.CpuClone("sse2", 4, true), MelPlan.cpuClone());
            MelPlan.selectCpuClone("auto");
            assertEquals(clones.stream().filter(MelPlan.CpuClone::supported).findFirst().orElseThrow().name(),
                    MelPlan.cpuClone().name());
        } finally {
            MelPlan.selectCpuClone(before.name());
        }
    }
}
