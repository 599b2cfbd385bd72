package io.emotrace.pipeline;

/**
 * Receives a run's {@link AnalysisEvent}s. Stages that run side by side report from their own threads, so a
 * listener may be called from two threads at once and must be thread-safe; cheap, and must not throw.
 */
@FunctionalInterface
public interface AnalysisListener {
    AnalysisListener NONE = e -> { };

    void on(AnalysisEvent event);

    /** Forwards only the progress events, e.g. to a progress bar. */
    static AnalysisListener progress(ProgressListener target) {
        return e -> {
            if (e instanceof AnalysisEvent.Progress p) {
                target.onProgress(new ProgressEvent(p.stage(), p.fraction(), p.message()));
            }
        };
    }
}
