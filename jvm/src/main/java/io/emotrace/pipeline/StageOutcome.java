package io.emotrace.pipeline;

import io.emotrace.domain.StageStatus;

/**
 * One stage's record in a run: its status, a human-readable detail (the engine description when ok, the
 * factory's reason when unavailable, the error when failed), wall time, and its result (null unless ok).
 */
public record StageOutcome<T>(String name, StageStatus status, String detail, double elapsedSeconds, T result,
                              Double cpuSeconds) {
    public static <T> StageOutcome<T> ok(String name, String detail, double seconds, T result) {
        return new StageOutcome<>(name, StageStatus.OK, detail, seconds, result, null);
    }

    public static <T> StageOutcome<T> unavailable(String name, String reason) {
        return new StageOutcome<>(name, StageStatus.UNAVAILABLE, reason, 0.0, null, null);
    }

    public static <T> StageOutcome<T> failed(String name, String error, double seconds) {
        return new StageOutcome<>(name, StageStatus.FAILED, error, seconds, null, null);
    }

    /** The same outcome with the process CPU seconds spent during it. */
    public StageOutcome<T> withCpu(double seconds) {
        return new StageOutcome<>(name, status, detail, elapsedSeconds, result,
                Double.isFinite(seconds) ? Math.max(0, seconds) : null);
    }

    public boolean isOk() {
        return status == StageStatus.OK;
    }
}
