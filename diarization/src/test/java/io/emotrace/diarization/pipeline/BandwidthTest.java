package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.TelephoneChannel;
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
        assertTrue(Bandwidth.highBandShare(new ArrayAudioSource(phone)) < Bandwidth.NARROWBAND_SHARE);
        assertTrue(Bandwidth.isNarrowband(new ArrayAudioSource(phone)));
    }

    @Test
    void silenceIsNotNarrowband() {
        assertFalse(Bandwidth.isNarrowband(new ArrayAudioSource(new float[16_000 * 2])));
    }

    @Test
    void narrowbandSettingsReplaceOnlyTheSpeechThresholds() {
        DiarizationSettings s = DiarizationSettings.segmentationDefaults();
        DiarizationSettings n = s.forRecording(true);
        assertEquals(DiarizationSettings.NARROWBAND_ONSET, n.speechThreshold());
        assertEquals(DiarizationSettings.NARROWBAND_OFFSET, n.speechOffset());
        assertTrue(n.uniformWeights());
        assertFalse(s.uniformWeights());
        assertEquals(s.withSpeechThreshold(0.3).withHop(1), s.withHop(1).withSpeechThreshold(0.3));
        assertEquals(s, s.forRecording(false));
        assertEquals(s.withNarrowband(0, 0), s.withNarrowband(0, 0).forRecording(true));
        assertEquals(s.pairShare(), n.pairShare());
    }
}
