package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TelephoneChannelTest {
    private static float[] tone(double hz, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 16_000));
        }
        return x;
    }

    private static double rms(float[] x, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += x[i] * x[i];
        }
        return Math.sqrt(e / (to - from));
    }

    @Test
    void bandPassKeepsTheVoiceBandAndRemovesWhatAPhoneCannotCarry() {
        int n = 16_000;
        // middle of the signal: away from the edges, where a finite tone's spectrum smears
        assertEquals(rms(tone(1000, n), 4000, 12_000), rms(TelephoneChannel.bandPass(tone(1000, n), 300, 3400), 4000, 12_000), 0.01);
        assertTrue(rms(TelephoneChannel.bandPass(tone(5000, n), 300, 3400), 4000, 12_000) < 0.01, "5 kHz is above the band");
        assertTrue(rms(TelephoneChannel.bandPass(tone(100, n), 300, 3400), 4000, 12_000) < 0.01, "100 Hz is below the band");
        assertEquals(n, TelephoneChannel.bandPass(tone(1000, n), 300, 3400).length);
    }

    @Test
    void muLawCodesToAtMost256LevelsWithSmallRelativeError() {
        float[] x = tone(440, 16_000);
        float[] y = x.clone();
        TelephoneChannel.muLaw(y);
        Set<Float> levels = new HashSet<>();
        for (int i = 0; i < y.length; i++) {
            levels.add(y[i]);
            assertTrue(Math.abs(y[i] - x[i]) <= 0.05 * Math.abs(x[i]) + 2e-4, "sample " + i);
        }
        assertTrue(levels.size() <= 255 && levels.size() > 50, "8-bit code: " + levels.size() + " levels");
        float[] loud = {2f, -3f};
        TelephoneChannel.muLaw(loud);
        assertEquals(1f, loud[0], 1e-6);
        assertEquals(-1f, loud[1], 1e-6);
    }
}
