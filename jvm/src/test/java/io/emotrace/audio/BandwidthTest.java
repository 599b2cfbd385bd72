package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.BandEnergy;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BandwidthTest {
    private static float[] noise(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.1 * rnd.nextGaussian());
        }
        return x;
    }

    @Test
    void whiteNoiseIsWidebandAndATelephoneLineIsNot() {
        float[] x = noise(16_000 * 5, 1);
        double wide = Bandwidth.highBandShare(new ArrayAudioSource(x));
        assertEquals(0.5, wide, 0.03); // 4-8 kHz is half of a flat spectrum
        assertFalse(Bandwidth.isNarrowband(new ArrayAudioSource(x)));
        float[] phone = TelephoneChannel.apply(x);
        assertTrue(Bandwidth.highBandShare(new ArrayAudioSource(phone)) < BandEnergy.NARROWBAND_SHARE);
        assertTrue(Bandwidth.isNarrowband(new ArrayAudioSource(phone)));
    }

    @Test
    void silenceIsNotNarrowband() {
        assertFalse(Bandwidth.isNarrowband(new ArrayAudioSource(new float[16_000 * 2])));
        assertFalse(Bandwidth.energy(new float[16_000], 16_000).narrowband());
        assertFalse(BandEnergy.NONE.narrowband());
    }

    @Test
    void aClipsEnergiesTellTheSameBandAndSumOverClips() {
        float[] x = noise(16_000 * 2, 2);
        BandEnergy wide = Bandwidth.energy(x, 16_000);
        assertEquals(0.5, wide.share(), 0.03);
        assertFalse(wide.narrowband());
        BandEnergy phone = Bandwidth.energy(TelephoneChannel.apply(x), 16_000);
        assertTrue(phone.narrowband(), "share " + phone.share());
        // a voice of one call clip and one wideband clip is not telephone-band; without the wideband one it is again
        BandEnergy both = phone.plus(wide);
        assertFalse(both.narrowband());
        assertTrue(both.minus(wide).narrowband());
        assertEquals(phone.all(), both.minus(wide).all(), 1e-6 * both.all());
        // at 8 kHz nothing lies above 4 kHz
        BandEnergy eight = Bandwidth.energy(Arrays.copyOf(x, 8_000), 8_000);
        assertEquals(0, eight.high());
        assertTrue(eight.narrowband());
        assertThrows(IllegalArgumentException.class, () -> new BandEnergy(2, 1));
        assertEquals(0, wide.minus(both).all()); // never negative
    }
}
