package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.Bandwidth;
import io.emotrace.audio.TelephoneChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TelephoneBandFoldTest {
    private static final int RATE = 16_000;

    /** Amplitude of the {@code hz} component of x (one second: 1 Hz bins). */
    private static double amplitude(float[] x, double hz) {
        double re = 0;
        double im = 0;
        for (int n = 0; n < x.length; n++) {
            re += x[n] * Math.cos(2 * Math.PI * hz * n / RATE);
            im -= x[n] * Math.sin(2 * Math.PI * hz * n / RATE);
        }
        return 2 * Math.hypot(re, im) / x.length;
    }

    @Test
    void aToneKeepsItsPlaceAndGainsAMirrorAt8kHzMinusItsFrequency() {
        float[] x = new float[RATE];
        for (int n = 0; n < x.length; n++) {
            x[n] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / RATE));
        }
        float[] y = TelephoneBandFold.of(new ArrayAudioSource(x), -12).read(0, x.length);
        double g = Math.pow(10, -12 / 20.0);
        assertEquals(0.5, amplitude(y, 1000), 1e-3);
        assertEquals(0.5 * g, amplitude(y, 7000), 1e-3);
        assertTrue(amplitude(y, 3000) < 1e-4 && amplitude(y, 5000) < 1e-4);
    }

    @Test
    void aCallHeardWithItsMirrorIsNoLongerTelephoneBand() {
        Random rnd = new Random(3);
        float[] x = new float[RATE * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * rnd.nextGaussian());
        }
        ArrayAudioSource call = new ArrayAudioSource(TelephoneChannel.apply(x));
        assertTrue(Bandwidth.isNarrowband(call));
        double g2 = Math.pow(10, -12 / 10.0);
        // the mirror holds g^2 of the band's energy, all of it above 4 kHz
        assertEquals(g2 / (1 + g2), Bandwidth.highBandShare(TelephoneBandFold.of(call, -12)), 0.01);
        assertFalse(Bandwidth.isNarrowband(TelephoneBandFold.of(call, -12)));
    }

    @Test
    void piecesReadAtOddStartsMatchOneRead() {
        float[] x = new float[1001];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 - 3;
        }
        TelephoneBandFold f = TelephoneBandFold.of(new ArrayAudioSource(x), -6);
        float[] whole = f.read(0, x.length);
        float[] pieces = new float[x.length];
        for (int start = 0; start < x.length; start += 333) {
            f.read(start, pieces, start, Math.min(333, x.length - start));
        }
        assertArrayEquals(whole, pieces);
        assertEquals(x.length, f.length());
        assertEquals(RATE, f.sampleRate());
    }

    @Test
    void theWindowsAloneKeepTheMirrorAndTheUtterancePathDoesNotUseIt() {
        DiarizationSettings d = DiarizationSettings.defaults();
        assertEquals(0, d.narrowbandOnset()); // the companion windows: no telephone-band case, so no mirror
        assertEquals(TelephoneBandFold.GAIN_DB, d.windowsAlone().narrowbandMirrorDb());
        assertTrue(d.windowsAlone().narrowbandOnset() > 0);
        assertEquals(0, d.withNarrowbandMirror(0).windowsAlone().narrowbandMirrorDb());
        assertThrows(IllegalArgumentException.class, () -> d.withNarrowbandMirror(3));
        assertThrows(IllegalArgumentException.class, () -> d.withNarrowbandMirror(Double.NaN));
    }
}
