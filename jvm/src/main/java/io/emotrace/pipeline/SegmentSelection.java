package io.emotrace.pipeline;

import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeechRegion;
import java.util.List;

/**
 * Which segments the per-segment stages (emotion, ASR) analyse, the one policy {@code analyze} and
 * {@code transcribe} share: the exclusive speaker turns when diarization succeeded (even if it found none), else
 * the VAD speech regions, else nothing. {@code transcribe} then falls back to the whole file
 * ({@link #orWholeFile}); the pipeline skips the per-segment stages with {@link #skipReason()}.
 *
 * @param source where the segments came from
 * @param segments in time order; speaker set only for diarization turns
 */
public record SegmentSelection(Source source, List<Segment> segments) {
    /** Where the segments came from; {@link #label()} is the word outputs use. */
    public enum Source {
        DIARIZATION("diarization"), VAD("vad"), WHOLE_FILE("whole-file"), NONE("none");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Why the per-segment stages did not run when there is nothing to analyse. */
    public static final String NO_SEGMENTS = "skipped: no segments to analyse (needs vad or diarization)";

    public SegmentSelection {
        segments = List.copyOf(segments);
    }

    /**
     * The policy.
     *
     * @param diarization the (successful) diarization, or null when it was unavailable or failed
     * @param speech the VAD speech regions, or null when VAD was unavailable or failed
     */
    public static SegmentSelection choose(DiarizationResult diarization, List<SpeechRegion> speech) {
        if (diarization != null) {
            return new SegmentSelection(Source.DIARIZATION, diarization.exclusive().stream()
                    .map(t -> new Segment(t.speaker(), t.start(), t.end(), t.confidence())).toList());
        }
        if (speech != null) {
            return new SegmentSelection(Source.VAD, speech.stream().map(r -> new Segment(null, r.start(), r.end()))
                    .toList());
        }
        return new SegmentSelection(Source.NONE, List.of());
    }

    /** One segment over {@code [0, seconds)}, without a speaker. */
    public static SegmentSelection wholeFile(double seconds) {
        return new SegmentSelection(Source.WHOLE_FILE, List.of(new Segment(null, 0, seconds)));
    }

    /** This selection, or the whole file when there was nothing to choose from. */
    public SegmentSelection orWholeFile(double seconds) {
        return source == Source.NONE ? wholeFile(seconds) : this;
    }

    /** {@link #NO_SEGMENTS} when there was nothing to choose from, else null. */
    public String skipReason() {
        return source == Source.NONE ? NO_SEGMENTS : null;
    }
}
