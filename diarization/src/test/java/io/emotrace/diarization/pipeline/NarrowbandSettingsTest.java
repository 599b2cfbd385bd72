package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NarrowbandSettingsTest {
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
