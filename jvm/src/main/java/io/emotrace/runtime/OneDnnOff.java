package io.emotrace.runtime;

import org.bytedeco.pytorch.global.torch;

/**
 * LibTorch's oneDNN (MKLDNN) CPU kernels switched off for a scope and the previous setting restored after. The
 * masked-frame pretrainer's small network got NaN gradients from a finite loss in about one run of fifteen on an AMD
 * Zen 5 (AVX-512) with oneDNN, never in 64 runs without it (MaskedPretrainerTest). The setting is process-wide: use it
 * only where nothing else runs LibTorch meanwhile (a training command).
 */
public final class OneDnnOff implements AutoCloseable {
    private final boolean was;

    public OneDnnOff() {
        was = torch.globalContext().userEnabledMkldnn();
        torch.globalContext().setUserEnabledMkldnn(false);
    }

    @Override
    public void close() {
        torch.globalContext().setUserEnabledMkldnn(was);
    }
}
