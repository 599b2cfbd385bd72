package io.emotrace.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpeakerVoiceTest {
    @Test
    void sumsMergeAndGiveMeans() {
        SpeakerVoice a = new SpeakerVoice(new double[] {2, 4}, 2);
        SpeakerVoice b = new SpeakerVoice(new double[] {6, 0}, 2);
        SpeakerVoice ab = a.plus(b);
        assertEquals(4, ab.frames());
        assertArrayEquals(new float[] {2f, 1f}, ab.binMeans());
        assertEquals(0.04, ab.seconds(), 1e-12);
        assertSame(a, a.plus(null));
        assertSame(a, a.plus(SpeakerVoice.empty(2)));
        assertArrayEquals(new float[] {0f, 0f}, SpeakerVoice.empty(2).binMeans());
        assertEquals(new SpeakerVoice(new double[] {8, 4}, 4), ab);
        assertThrows(IllegalArgumentException.class, () -> a.plus(new SpeakerVoice(new double[] {1, 2, 3}, 1)));
        assertThrows(IllegalArgumentException.class, () -> new SpeakerVoice(new double[0], 0));
    }

    @Test
    void aPartTakenOutLeavesTheRest() {
        SpeakerVoice a = new SpeakerVoice(new double[] {2, 4}, 2);
        SpeakerVoice b = new SpeakerVoice(new double[] {6, 0}, 2);
        assertEquals(a, a.plus(b).minus(b));
        assertSame(a, a.minus(null));
        assertThrows(IllegalArgumentException.class, () -> a.minus(a.plus(b)), "more frames than there are");
        assertThrows(IllegalArgumentException.class, () -> a.minus(new SpeakerVoice(new double[] {1, 2, 3}, 1)));
    }

    @Test
    void aVoicesBandIsTheSumOfItsClipsAndFollowsRelabels() {
        BandEnergy call = new BandEnergy(1e-6, 1.0);
        BandEnergy room = new BandEnergy(0.05, 1.0);
        SpeakerVoice a = new SpeakerVoice(new double[] {2, 4}, 2, new double[0], 0, call);
        SpeakerVoice b = new SpeakerVoice(new double[] {6, 0}, 2, new double[0], 0, call);
        SpeakerVoice c = new SpeakerVoice(new double[] {1, 1}, 1, new double[0], 0, room);
        assertTrue(a.plus(b).band().narrowband());
        assertEquals(2.0, a.plus(b).band().all(), 1e-12);
        // an utterance of another channel mixed in makes the voice wideband; moved out again (a relabel), it is a call
        assertFalse(a.plus(c).band().narrowband());
        assertTrue(a.plus(c).minus(c).band().narrowband());
        assertEquals(a.band().high(), a.plus(c).minus(c).band().high(), 1e-12);
        assertNotEquals(a, new SpeakerVoice(new double[] {2, 4}, 2), "the band is part of the voice");
        // the spectrum-only copy keeps the band
        SpeakerVoice withStats = new SpeakerVoice(new double[] {2, 4}, 2, new double[] {1, 2}, 1, call);
        assertEquals(a, withStats.withoutStatistics());
        assertFalse(new SpeakerVoice(new double[] {2, 4}, 2).band().narrowband(), "a band not measured is no call");
        assertThrows(IllegalArgumentException.class, () -> new BandEnergy(2, 1));
    }

    @Test
    void isImmutable() {
        double[] sums = {1, 1};
        SpeakerVoice v = new SpeakerVoice(sums, 1);
        sums[0] = 9;
        v.binSums()[1] = 9;
        assertArrayEquals(new double[] {1, 1}, v.binSums());
    }

    @Test
    void manyVoicesSumInOnePass() {
        SpeakerVoice a = new SpeakerVoice(new double[] {2, 4}, 2);
        SpeakerVoice b = new SpeakerVoice(new double[] {6, 0}, 2);
        assertEquals(a.plus(b), SpeakerVoice.sum(java.util.Arrays.asList(a, null, b)));
        assertEquals(null, SpeakerVoice.sum(java.util.Arrays.asList((SpeakerVoice) null)));
        assertEquals(null, SpeakerVoice.sum(java.util.List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> SpeakerVoice.sum(java.util.List.of(a, new SpeakerVoice(new double[] {1}, 1))));
    }

    @Test
    void utteranceStatisticsTravelWithTheSpectrum() {
        SpeakerVoice a = new SpeakerVoice(new double[] {2, 4}, 2, new double[] {1, 3, 5}, 1);
        SpeakerVoice b = new SpeakerVoice(new double[] {6, 0}, 2, new double[] {3, 3, 3}, 1);
        SpeakerVoice ab = a.plus(b);
        assertEquals(2, ab.statClips());
        assertArrayEquals(new float[] {2f, 3f, 4f}, ab.statMeans());
        assertEquals(a, ab.minus(b), "a relabelled utterance takes its statistics with it");
        SpeakerVoice plain = new SpeakerVoice(new double[] {1, 1}, 1);
        assertEquals(null, plain.statMeans(), "a voice without statistics has no mean");
        assertArrayEquals(new float[] {1f, 3f, 5f}, plain.plus(a).statMeans(), "a voice without statistics adds none");
        assertArrayEquals(new float[] {1f, 3f, 5f}, a.plus(plain).statMeans());
        assertEquals(SpeakerVoice.sum(java.util.List.of(a, b)), ab);
        assertThrows(IllegalArgumentException.class, () -> a.plus(new SpeakerVoice(new double[] {1, 1}, 1, new double[] {1}, 1)));
        assertThrows(IllegalArgumentException.class, () -> a.minus(ab), "more clips than there are");
        assertThrows(IllegalArgumentException.class, () -> new SpeakerVoice(new double[] {1}, 1, new double[0], 2));
        assertEquals(false, a.equals(new SpeakerVoice(new double[] {2, 4}, 2)));
    }
}
