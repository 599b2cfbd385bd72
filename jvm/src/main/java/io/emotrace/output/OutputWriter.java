package io.emotrace.output;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one output file of a run into the (still unpublished) run directory: result.json, timeline.json,
 * diarization.rttm, transcript.txt. Each writer must write atomically (see {@link AtomicFiles}).
 */
@FunctionalInterface
public interface OutputWriter {
    void write(Path runDirectory, AnalysisResult result) throws IOException;

    OutputWriter RESULT_JSON = ResultJson::write;
    OutputWriter TIMELINE_JSON = TimelineJson::write;
    OutputWriter RTTM = DiarizationRttm::write;
    OutputWriter TRANSCRIPT = TranscriptText::write;

    /** What {@code analyze} writes beside processed_audio.wav. */
    java.util.List<OutputWriter> ALL = java.util.List.of(RESULT_JSON, TIMELINE_JSON, RTTM, TRANSCRIPT);
}
