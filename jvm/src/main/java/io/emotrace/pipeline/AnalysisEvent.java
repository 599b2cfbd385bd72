package io.emotrace.pipeline;

import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.Segment;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.StageStatus;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.SpeakerName;
import io.emotrace.domain.SpeakerTurn;

import io.emotrace.output.AnalysisResult;
import java.nio.file.Path;

/**
 * What a run tells its listeners, in order: progress (throttled), each stage's start and end, each speaker turn
 * once diarization is done (preceded by the names of the speakers it could name), each segment's emotion and words as their stages return, each rule flag, and finally
 * the published run. The CLI draws a bar from it; the service stores and forwards it to live views.
 */
public sealed interface AnalysisEvent {
    /** Progress inside a stage; {@code fraction} in [0, 1] or {@link ProgressEvent#UNKNOWN}. */
    record Progress(String stage, double fraction, String message) implements AnalysisEvent {
    }

    /** A stage began with the named engine. */
    record StageStarted(String stage, String engine) implements AnalysisEvent {
    }

    /** A stage ended: ok, unavailable (with the reason) or failed (with the error). */
    record StageFinished(String stage, StageStatus status, String detail, double seconds) implements AnalysisEvent {
    }

    /** A speaker turn of the diarization (exclusive: every instant belongs to at most one speaker). */
    record SpeakerTurnFound(SpeakerTurn turn) implements AnalysisEvent {
    }

    /**
     * A speaker of the diarization got a name (after diarization, before its turns): an enrolled voice it matched
     * ({@code score} = cosine similarity) or a rename. Unknown voices get no such event and stay S1, S2, ...
     */
    record SpeakerNamed(String speaker, SpeakerName name) implements AnalysisEvent {
    }

    /** The emotion of analysed segment {@code index}. */
    record SegmentEmotion(int index, Segment segment, EmotionEstimate emotion) implements AnalysisEvent {
    }

    /** The words of analysed segment {@code index}. */
    record SegmentWords(int index, Segment segment, Transcript transcript) implements AnalysisEvent {
    }

    /** A business rule fired. */
    record RuleFlagged(RuleFlag flag) implements AnalysisEvent {
    }

    /** Every file of the run is written and its folder published (never modified afterwards). */
    record RunPublished(Path directory, AnalysisResult result) implements AnalysisEvent {
    }
}
