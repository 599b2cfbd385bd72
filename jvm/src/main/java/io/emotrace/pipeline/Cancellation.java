package io.emotrace.pipeline;

/**
 * A run's cancellation token. The caller (a DELETE, a stopping service) cancels it from any thread; the pipeline
 * checks it between stages and hands it to every engine through {@link ProgressListener#checkCancelled()}, which
 * engines call between their units of work (a window, a segment, a block of audio), so CPU work stops within
 * one unit.
 */
public final class Cancellation {
    private volatile String reason;

    /** Cancels the run; the first reason is kept. */
    public synchronized void cancel(String why) {
        if (reason == null) {
            reason = why == null || why.isBlank() ? "cancelled" : why;
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why, or null while not cancelled. */
    public String reason() {
        return reason;
    }

    public void throwIfCancelled() throws AnalysisCancelledException {
        String r = reason;
        if (r != null) {
            throw new AnalysisCancelledException(r);
        }
    }
}
