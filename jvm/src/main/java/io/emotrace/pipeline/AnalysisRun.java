package io.emotrace.pipeline;

import io.emotrace.output.AnalysisResult;
import java.nio.file.Path;

/** A finished analysis: its published run directory and what was written to result.json. */
public record AnalysisRun(Path directory, AnalysisResult result) {
}
