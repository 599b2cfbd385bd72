package io.emotrace.pipeline;

import io.emotrace.domain.Segment;
import io.emotrace.domain.DiarizationResult;

import io.emotrace.domain.SpeechRegion;
import java.util.List;

/**
 * The one policy for what emotion and ASR analyse: the diarization's exclusive turns (with their speakers) when
 * diarization ran, else the VAD's speech regions (no speaker), else nothing (null).
 */
public final class SegmentUnits {
    private SegmentUnits() {
    }

    /** {@code diarization} and {@code speech} may each be null (stage did not run); null when neither ran. */
    public static List<Segment> choose(DiarizationResult diarization, List<SpeechRegion> speech) {
        if (diarization != null) {
            return diarization.exclusive().stream().map(t -> new Segment(t.speaker(), t.start(), t.end())).toList();
        }
        if (speech != null) {
            return speech.stream().map(r -> new Segment(null, r.start(), r.end())).toList();
        }
        return null;
    }
}
