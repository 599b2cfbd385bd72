package io.emotrace.output;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.SpeakerName;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.domain.StageStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code result.json} (schema documented in docs/outputs.md, version {@link #SCHEMA_VERSION}).
 * Times are seconds; arrays are empty, never missing, when their stage did not run. {@code language} is the ASR
 * model's language (null without ASR); {@code speakerTurns} the overlapping diarization (the RTTM's content);
 * {@code timelines} the per-speaker view (also written alone as timeline.json).
 */
public record AnalysisResult(int schemaVersion, String emotraceVersion, String created, Input input,
                             ProcessedAudio processedAudio, List<Stage> stages, List<SpeechRegion> speech,
                             List<Speaker> speakers, List<AnalyzedSegment> segments, List<RuleFlag> flags,
                             String language, List<SpeakerTurn> speakerTurns, List<SpeakerTimeline> timelines,
                             io.emotrace.domain.SpeakerCountRange speakerCount) {
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

    /** Without {@code speakerCount} (runs written before the diarizer said how sure its count is). */
    public AnalysisResult(int schemaVersion, String emotraceVersion, String created, Input input,
                          ProcessedAudio processedAudio, List<Stage> stages, List<SpeechRegion> speech,
                          List<Speaker> speakers, List<AnalyzedSegment> segments, List<RuleFlag> flags,
                          String language, List<SpeakerTurn> speakerTurns, List<SpeakerTimeline> timelines) {
        this(schemaVersion, emotraceVersion, created, input, processedAudio, stages, speech, speakers, segments, flags,
                language, speakerTurns, timelines, null);
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

    /**
     * Totals per speaker from the exclusive diarization turns, and the speaker's name when it has one: the id stays
     * S1, S2, ...; {@code name} is the enrolled voice it matched ({@code nameSource} "enrolled", {@code nameScore}
     * the cosine similarity) or a rename of this recording only ("renamed", no score); all three null for an
     * unknown voice. No voiceprint is ever part of a result.
     */
    public record Speaker(String id, double speakingSeconds, int turns, String name, Double nameScore,
                          String nameSource) {
        public Speaker(String id, double speakingSeconds, int turns) {
            this(id, speakingSeconds, turns, null, null, null);
        }

        public Speaker named(SpeakerName n) {
            return n == null ? new Speaker(id, speakingSeconds, turns)
                    : new Speaker(id, speakingSeconds, turns, n.name(), n.score(), n.source());
        }
    }

    /** The speaker's display label: its name when it has one, else its id (null for speech without speakers). */
    public String label(String speakerId) {
        return label(speakers, speakerId);
    }

    /** As {@link #label(String)}, over a result's speakers read on their own. */
    public static String label(List<Speaker> speakers, String speakerId) {
        if (speakerId == null) {
            return null;
        }
        for (Speaker s : speakers) {
            if (s.id().equals(speakerId)) {
                return s.name() != null ? s.name() : s.id();
            }
        }
        return speakerId;
    }

    /** The names in this result by speaker id. */
    public Map<String, SpeakerName> speakerNames() {
        Map<String, SpeakerName> out = new LinkedHashMap<>();
        for (Speaker s : speakers) {
            if (s.name() != null) {
                out.put(s.id(), new SpeakerName(s.name(), s.nameScore(), s.nameSource()));
            }
        }
        return out;
    }

    /**
     * The same result with these names (by speaker id) on its speakers and timelines; speakers absent from
     * {@code names} lose any name they had. Ids, segments and turns are unchanged.
     */
    public AnalysisResult withSpeakerNames(Map<String, SpeakerName> names) {
        List<Speaker> sp = speakers.stream().map(s -> s.named(names.get(s.id()))).toList();
        List<SpeakerTimeline> tl = timelines.stream()
                .map(t -> t.withName(t.speaker() == null || !names.containsKey(t.speaker()) ? null
                        : names.get(t.speaker()).name()))
                .toList();
        return new AnalysisResult(schemaVersion, emotraceVersion, created, input, processedAudio, stages, speech, sp,
                segments, flags, language, speakerTurns, tl, speakerCount);
    }
}
