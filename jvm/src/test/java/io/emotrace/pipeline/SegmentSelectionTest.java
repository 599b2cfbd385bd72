package io.emotrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.SpeechRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The segment policy analyze and transcribe share. */
class SegmentSelectionTest {
    private static final List<SpeechRegion> SPEECH = List.of(new SpeechRegion(0.5, 2.0), new SpeechRegion(3.0, 4.5));
    private static final DiarizationResult TURNS = new DiarizationResult(
            List.of(new SpeakerTurn("S1", 0.5, 2.5), new SpeakerTurn("S2", 2.0, 4.5)),
            List.of(new SpeakerTurn("S1", 0.5, 2.0), new SpeakerTurn("S2", 2.0, 4.5)));

    @Test
    void exclusiveSpeakerTurnsWinOverSpeechRegions() {
        SegmentSelection s = SegmentSelection.choose(TURNS, SPEECH);
        assertEquals(SegmentSelection.Source.DIARIZATION, s.source());
        assertEquals("diarization", s.source().label());
        // the exclusive turns, never the overlapping ones
        assertEquals(List.of(new Segment("S1", 0.5, 2.0), new Segment("S2", 2.0, 4.5)), s.segments());
        assertNull(s.skipReason());
        assertSame(s, s.orWholeFile(10));
    }

    @Test
    void aDiarizationThatFoundNoTurnsStillDecides() {
        SegmentSelection s = SegmentSelection.choose(new DiarizationResult(List.of(), List.of()), SPEECH);
        assertEquals(SegmentSelection.Source.DIARIZATION, s.source());
        assertEquals(List.of(), s.segments());
        assertNull(s.skipReason());
    }

    @Test
    void withoutDiarizationTheSpeechRegionsWithoutSpeakers() {
        SegmentSelection s = SegmentSelection.choose(null, SPEECH);
        assertEquals(SegmentSelection.Source.VAD, s.source());
        assertEquals(List.of(new Segment(null, 0.5, 2.0), new Segment(null, 3.0, 4.5)), s.segments());
        assertNull(s.skipReason());
        assertEquals("vad", s.orWholeFile(10).source().label());
    }

    @Test
    void withNeitherNothingAndAReasonOrTheWholeFile() {
        SegmentSelection s = SegmentSelection.choose(null, null);
        assertEquals(SegmentSelection.Source.NONE, s.source());
        assertEquals(List.of(), s.segments());
        assertEquals(SegmentSelection.NO_SEGMENTS, s.skipReason());
        SegmentSelection whole = s.orWholeFile(7.25);
        assertEquals("whole-file", whole.source().label());
        assertEquals(List.of(new Segment(null, 0, 7.25)), whole.segments());
        assertNull(whole.skipReason());
        // no speech found is a VAD answer, not a missing one: no fallback to the whole file
        assertEquals(List.of(), SegmentSelection.choose(null, List.of()).orWholeFile(7.25).segments());
    }
}
