package io.emotrace.pipeline;

/** Receives progress events; the CLI draws a bar, the service forwards them over WebSocket. Must be cheap. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = e -> { };

    void onProgress(ProgressEvent event);

    default void report(String stage, double fraction, String message) {
        onProgress(new ProgressEvent(stage, Math.max(0.0, Math.min(1.0, fraction)), message));
    }
}
