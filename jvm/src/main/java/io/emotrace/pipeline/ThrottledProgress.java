package io.emotrace.pipeline;

/**
 * Forwards at most one event per interval per stage (plus every stage change and every completion), so a 3-hour
 * decode does not flood a terminal or a WebSocket with ten thousand events.
 */
final class ThrottledProgress implements ProgressListener {
    private final ProgressListener target;
    private final long intervalNanos;
    private String lastStage;
    private long lastSent;

    ThrottledProgress(ProgressListener target, long intervalMillis) {
        this.target = target;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        long now = System.nanoTime();
        boolean edge = e.fraction() == 1.0 || !e.stage().equals(lastStage);
        if (edge || now - lastSent >= intervalNanos) {
            lastStage = e.stage();
            lastSent = now;
            target.onProgress(e);
        }
    }

    @Override
    public void checkCancelled() throws AnalysisCancelledException {
        target.checkCancelled();
    }
}
