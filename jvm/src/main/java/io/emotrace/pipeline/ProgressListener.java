package io.emotrace.pipeline;

/**
 * What an engine is given to report progress and to learn that its run was cancelled. The pipeline turns reports
 * into {@link AnalysisEvent.Progress} events; engines call {@link #checkCancelled()} between units of work. Must
 * be cheap.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = e -> { };

    void onProgress(ProgressEvent event);

    default void report(String stage, double fraction, String message) {
        onProgress(new ProgressEvent(stage, Math.max(0.0, Math.min(1.0, fraction)), message));
    }

    /** Throws when the run this listener belongs to was cancelled; never for listeners without a run. */
    default void checkCancelled() throws AnalysisCancelledException {
    }

    /**
     * This listener for one phase of a stage: a phase's fraction f is reported as {@code from + f * (to - from)}, so
     * two phases of one stage do not each run the bar from 0 to 1; cancellation is this listener's.
     */
    default ProgressListener phase(double from, double to) {
        ProgressListener target = this;
        return new ProgressListener() {
            @Override
            public void onProgress(ProgressEvent event) {
                target.onProgress(new ProgressEvent(event.stage(), from + event.fraction() * (to - from),
                        event.message()));
            }

            @Override
            public void checkCancelled() throws AnalysisCancelledException {
                target.checkCancelled();
            }
        };
    }

    /** This listener, additionally answering {@link #checkCancelled()} from {@code token}. */
    static ProgressListener cancellable(ProgressListener target, Cancellation token) {
        return new ProgressListener() {
            @Override
            public void onProgress(ProgressEvent event) {
                target.onProgress(event);
            }

            @Override
            public void checkCancelled() throws AnalysisCancelledException {
                token.throwIfCancelled();
                target.checkCancelled();
            }
        };
    }
}
