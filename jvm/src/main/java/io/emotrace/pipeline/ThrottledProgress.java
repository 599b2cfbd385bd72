package io.emotrace.pipeline;

/**
 * Forwards at most one event per interval per stage (plus each stage's first event and every completion), so a
 * 3-hour decode does not flood a terminal or a WebSocket with ten thousand events. Per stage, because two stages
 * may report at once (they run side by side).
 */
final class ThrottledProgress implements ProgressListener {
    private final ProgressListener target;
    private final long intervalNanos;
    private final java.util.Map<String, Long> lastSent = new java.util.HashMap<>();

    ThrottledProgress(ProgressListener target, long intervalMillis) {
        this.target = target;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        long now = System.nanoTime();
        Long last = lastSent.get(e.stage());
        if (e.fraction() == 1.0 || last == null || now - last >= intervalNanos) {
            lastSent.put(e.stage(), now);
            target.onProgress(e);
        }
    }

    @Override
    public void checkCancelled() throws AnalysisCancelledException {
        target.checkCancelled();
    }
}
