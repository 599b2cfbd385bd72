package io.emotrace.pipeline;

import io.emotrace.EmotraceException;

/** The run's {@link Cancellation} was cancelled: nothing is published, nothing is recorded as a failed stage. */
public final class AnalysisCancelledException extends EmotraceException {
    public static final String CODE = "analysis.cancelled";

    public AnalysisCancelledException(String reason) {
        super(CODE, "analysis cancelled: " + reason);
    }
}
