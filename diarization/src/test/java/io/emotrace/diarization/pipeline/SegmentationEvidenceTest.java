package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.domain.SpeechRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationEvidenceTest {
    @Test
    void windowStartsAreFrameAlignedAndCoverTheEnd() {
        // 30 s, hop 2.5 s -> 2.5 s rounds to 148 frames = 39 960 samples
        List<Long> s = SegmentationEvidence.windowStarts(480_000, 2.5, null);
        assertEquals(0L, s.get(0));
        assertEquals(39_960L, s.get(1));
        for (long st : s) {
            assertEquals(0, st % 270);
        }
        long last = s.get(s.size() - 1);
        assertEquals(320_000 / 270 * 270, last); // the last window ends within one frame of the end
        assertEquals(List.of(0L), SegmentationEvidence.windowStarts(1000, 2.5, null));
    }

    @Test
    void withSpeechRegionsOnlyWindowsHoldingSpeechAreKept() {
        List<SpeechRegion> speech = List.of(new SpeechRegion(1.0, 2.0), new SpeechRegion(40.0, 41.0));
        List<Long> s = SegmentationEvidence.windowStarts(16_000 * 60, 5.0, speech);
        for (long st : s) {
            double a = st / 16000.0;
            double b = a + 10;
            boolean holds = (a < 2.0 && b > 1.0) || (a < 41.0 && b > 40.0);
            assertEquals(true, holds, "window at " + a);
        }
        assertEquals(0L, s.get(0));
        assertEquals(3, s.size()); // the window at 0 s, and those at 34.965 s and 39.96 s (hop 296 frames)
    }

    @Test
    void speechIsDecidedOnTheSpeechMassThenTheBestNonEmptyClassNamesTheSpeakers() {
        // argmax would say "nobody" (0.4), but speech holds 0.6 of the mass
        float[] split = {0.4f, 0.3f, 0f, 0f, 0.25f, 0.05f, 0f};
        assertEquals(1, SegmentationEvidence.speakersOf(split, 0.5));
        assertEquals(0, SegmentationEvidence.speakersOf(split, 0.7));
        float[] silent = {0.6f, 0.2f, 0.1f, 0f, 0.1f, 0f, 0f};
        assertEquals(0, SegmentationEvidence.speakersOf(silent, 0.5));
        float[] overlap = {0.1f, 0.2f, 0.1f, 0f, 0.6f, 0f, 0f};
        assertEquals(4, SegmentationEvidence.speakersOf(overlap, 0.5));
    }

    @Test
    void clipTakesTheSpeakersFramesCleanOrAllAndCropsTheCentre() {
        float[] audio = new float[160_000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = i;
        }
        byte[] bits = new byte[589];
        bits[10] = 1;      // speaker 0 alone
        bits[11] = 3;      // speakers 0 and 1
        bits[20] = 2;      // speaker 1 alone
        float[] clean = SegmentationEvidence.clip(audio, bits, 0, true, 10);
        assertEquals(270, clean.length);
        assertEquals(10 * 270 + 360, clean[0], 0);
        float[] all = SegmentationEvidence.clip(audio, bits, 0, false, 10);
        assertEquals(540, all.length);
        assertEquals(11 * 270 + 360, all[270], 0);
        float[] cropped = SegmentationEvidence.clip(audio, bits, 0, false, 100 / 16000.0);
        assertEquals(100, cropped.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 220, 320), cropped);
        // long clips are cut to a multiple of 0.5 s so that they batch together
        java.util.Arrays.fill(bits, (byte) 1);
        assertEquals(96_000, SegmentationEvidence.clip(audio, bits, 0, true, 6.0).length);
        assertEquals(152_000, SegmentationEvidence.clip(audio, bits, 0, true, 20.0).length); // 159 030 -> 19 x 0.5 s
    }
}
