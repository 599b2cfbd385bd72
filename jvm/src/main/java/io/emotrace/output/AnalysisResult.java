package io.emotrace.output;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.domain.StageStatus;
import java.util.List;

/**
 * The content of {@code result.json} (schema documented in docs/outputs.md, version {@link #SCHEMA_VERSION}).
 * Times are seconds; arrays are empty, never missing, when their stage did not run. {@code language} is the ASR
 * model's language (null without ASR); {@code speakerTurns} the overlapping diarization (the RTTM's content);
 * {@code timelines} the per-speaker view (also written alone as timeline.json).
 */
public record AnalysisResult(int schemaVersion, String emotraceVersion, String created, Input input,
                             ProcessedAudio processedAudio, List<Stage> stages, List<SpeechRegion> speech,
                             List<Speaker> speakers, List<AnalyzedSegment> segments, List<RuleFlag> flags,
                             String language, List<SpeakerTurn> speakerTurns, List<SpeakerTimeline> timelines) {
    /** Bump when a field changes meaning or disappears; adding a field is compatible. */
    public static final int SCHEMA_VERSION = 1;

    public AnalysisResult {
        stages = List.copyOf(stages);
        speech = List.copyOf(speech);
        speakers = List.copyOf(speakers);
        segments = List.copyOf(segments);
        flags = List.copyOf(flags);
        speakerTurns = speakerTurns == null ? List.of() : List.copyOf(speakerTurns);
        timelines = timelines == null ? List.of() : List.copyOf(timelines);
    }

    /** The fields of the first schema only (no language, speaker turns or timelines). */
    public AnalysisResult(int schemaVersion, String emotraceVersion, String created, Input input,
                          ProcessedAudio processedAudio, List<Stage> stages, List<SpeechRegion> speech,
                          List<Speaker> speakers, List<AnalyzedSegment> segments, List<RuleFlag> flags) {
        this(schemaVersion, emotraceVersion, created, input, processedAudio, stages, speech, speakers, segments, flags,
                null, List.of(), List.of());
    }

    /** The input file as found, and what the decoder saw in it. durationSeconds is null when undeclared. */
    public record Input(String path, String fileName, long sizeBytes, String sha256, String container, String codec,
                        int sampleRate, int channels, Double durationSeconds) {
    }

    /** The 16 kHz mono file every later stage read ({@code file} is relative to the run directory). */
    public record ProcessedAudio(String file, String encoding, int sampleRate, long samples, double durationSeconds) {
    }

    /**
     * {@code cpuSeconds}: CPU time the process spent during the stage (all its threads; one analysis at a time makes
     * it the stage's), null when not measured (runs written before it was, or the stage did not run).
     */
    public record Stage(String name, StageStatus status, String detail, double elapsedSeconds, Double cpuSeconds) {
        public Stage(String name, StageStatus status, String detail, double elapsedSeconds) {
            this(name, status, detail, elapsedSeconds, null);
        }
    }

    /** Totals per speaker from the exclusive diarization turns. */
    public record Speaker(String id, double speakingSeconds, int turns) {
    }
}
