package io.emotrace.features;

import io.emotrace.nativelib.MelKernel;
import io.emotrace.nativelib.MelKernel.EtMelConfig;
import io.emotrace.nativelib.MelPlan;

/** MelConfig to the native plan: the one place that maps the Java enums onto the C constants. */
final class NativeMelPlans {
    private NativeMelPlans() {
    }

    static MelPlan create(MelConfig c) {
        MelKernel.load(); // no Pointer before the JNI library is loaded
        try (EtMelConfig n = new EtMelConfig()) {
            n.sample_rate(c.sampleRate()).frame_length(c.frameLength()).frame_shift(c.frameShift())
                    .fft_size(c.fftSize()).num_bins(c.numBins()).window(window(c.window()))
                    .periodic_window(c.periodicWindow() ? 1 : 0).preemphasis(c.preemphasis()).dither(c.dither())
                    .dither_seed(c.ditherSeed()).remove_dc_offset(c.removeDcOffset() ? 1 : 0)
                    .low_freq(c.lowFreq()).high_freq(c.highFreq())
                    .mel_scale(c.melScale() == MelScale.HTK ? MelKernel.MEL_HTK : MelKernel.MEL_SLANEY)
                    .slaney_norm(c.slaneyNorm() ? 1 : 0).center(c.center() ? 1 : 0)
                    .log_type(c.logType() == LogType.NATURAL ? MelKernel.LOG_NATURAL : MelKernel.LOG_LOG10)
                    .log_floor(c.logFloor());
            return MelPlan.create(n);
        }
    }

    private static int window(WindowType w) {
        return switch (w) {
            case POVEY -> MelKernel.WINDOW_POVEY;
            case HANN -> MelKernel.WINDOW_HANN;
            case HAMMING -> MelKernel.WINDOW_HAMMING;
            case RECTANGULAR -> MelKernel.WINDOW_RECTANGULAR;
        };
    }
}
