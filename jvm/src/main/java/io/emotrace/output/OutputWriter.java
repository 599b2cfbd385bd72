package io.emotrace.output;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one output file of a run into the (still unpublished) run directory. result.json is one; later
 * issues add per-stage files (RTTM, timelines, ...). Each writer must write atomically (see {@link AtomicFiles}).
 */
@FunctionalInterface
public interface OutputWriter {
    void write(Path runDirectory, AnalysisResult result) throws IOException;

    OutputWriter RESULT_JSON = ResultJson::write;
}
