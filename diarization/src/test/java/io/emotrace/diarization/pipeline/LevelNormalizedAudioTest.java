package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.audio.ArrayAudioSource;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LevelNormalizedAudioTest {
    /** 20 s: a tone burst of the given amplitude every other second, low noise in between. */
    private static float[] bursts(float amplitude, float noise) {
        float[] x = new float[16000 * 20];
        Random r = new Random(7);
        for (int i = 0; i < x.length; i++) {
            boolean on = i / 16000 % 2 == 0;
            double tone = on ? amplitude * Math.sin(2 * Math.PI * 220 * i / 16000.0) : 0;
            x[i] = (float) (tone + noise * r.nextGaussian());
        }
        return x;
    }

    private static double loudRmsDb(float[] x, LevelNormalizedAudio a) {
        float[] y = a.read(0, x.length);
        double e = 0;
        for (int i = 0; i < 16000; i++) { // first second: a burst
            e += y[i] * (double) y[i];
        }
        return 10 * Math.log10(e / 16000);
    }

    @Test
    void quietSpeechIsBroughtToTheTargetLevel() {
        float[] quiet = bursts(0.01f, 1e-4f); // sine RMS -43 dBFS
        LevelNormalizedAudio a = LevelNormalizedAudio.of(new ArrayAudioSource(quiet));
        assertEquals(LevelNormalizedAudio.TARGET_DBFS, loudRmsDb(quiet, a), 0.6);
        assertEquals(quiet.length, a.length());
        assertSame(a, LevelNormalizedAudio.of(a));
    }

    @Test
    void gainIsCappedSoNearSilenceIsNotBlownUp() {
        float[] faint = bursts(1e-4f, 1e-6f); // -83 dBFS bursts: below the floor
        assertEquals(0, LevelNormalizedAudio.gainDb(new ArrayAudioSource(faint)), 1e-9);
        float[] veryQuiet = bursts(3e-4f, 1e-6f); // -73 dBFS: needs 53 dB, gets the cap
        assertEquals(LevelNormalizedAudio.MAX_GAIN_DB, LevelNormalizedAudio.gainDb(new ArrayAudioSource(veryQuiet)),
                1e-9);
        assertEquals(0, LevelNormalizedAudio.gainDb(new ArrayAudioSource(new float[16000])), 1e-9);
    }

    @Test
    void loudInputIsNotPushedIntoClipping() {
        float[] loud = bursts(0.9f, 0.01f);
        double g = LevelNormalizedAudio.gainDb(new ArrayAudioSource(loud));
        assertTrue(g <= 20 * Math.log10(LevelNormalizedAudio.PEAK_LIMIT / 0.9) + 0.3, "gain " + g);
        assertTrue(g >= LevelNormalizedAudio.MIN_GAIN_DB);
    }
}
