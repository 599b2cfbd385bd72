package io.emotrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class OneDnnOffTest {
    @Test
    void oneDnnIsOffInsideAndAsBeforeAfter() {
        boolean before = torch.globalContext().userEnabledMkldnn();
        try (OneDnnOff off = new OneDnnOff()) {
            assertFalse(torch.globalContext().userEnabledMkldnn());
            try (OneDnnOff nested = new OneDnnOff()) {
                assertFalse(torch.globalContext().userEnabledMkldnn());
            }
            assertFalse(torch.globalContext().userEnabledMkldnn(), "a nested scope restores what it found: off");
        }
        assertEquals(before, torch.globalContext().userEnabledMkldnn());
    }
}
