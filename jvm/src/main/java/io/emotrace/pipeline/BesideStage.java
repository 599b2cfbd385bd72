package io.emotrace.pipeline;

/**
 * One stage run on its own thread beside the caller's stage, when neither needs the other's result (VAD beside a
 * diarizer that finds speech itself; ASR beside emotion): the two cores stay busy instead of one stage waiting for
 * the other. The side stage must do its work on its own thread (one intra-op thread) or on worker threads that
 * charge it ({@link StageCpu#charged}), which is what makes its CPU measurable apart from the caller's.
 */
final class BesideStage<T> {
    private final Thread thread;
    private volatile boolean done;
    private volatile long finalCpu;
    /** CPU of the side stage's own worker threads ({@link StageCpu#charged}); null until the side thread starts. */
    private volatile java.util.concurrent.atomic.AtomicLong poolCpu;
    private T result;
    private Throwable failure;

    private BesideStage(String threadName, StageCpu.Body<T, AnalysisCancelledException> side) {
        thread = new Thread(() -> {
            java.util.concurrent.atomic.AtomicLong pool = StageCpu.openPoolAccount();
            poolCpu = pool;
            try {
                result = StageCpu.withClock(() -> StageCpu.currentThread() + pool.get(), side);
            } catch (Throwable e) {
                failure = e;
            } finally {
                finalCpu = StageCpu.currentThread();
                done = true;
            }
        }, threadName);
        thread.setDaemon(true);
    }

    /**
     * Starts {@code side} on a new thread, runs {@code main} on this one (its CPU is the process's less the side
     * thread's), then waits for the side stage, also when {@code main} fails, so no stage outlives the run.
     */
    static <T, R> Pair<T, R> run(String threadName, StageCpu.Body<T, AnalysisCancelledException> side,
                                 StageCpu.Body<R, AnalysisCancelledException> main) throws AnalysisCancelledException {
        return run(threadName, side, awaitSide -> main.run());
    }

    /**
     * As above; {@code main} may wait for the side stage's outcome ({@link Side#await}) when it turns out to need it
     * (a diarizer that does need the VAD's regions: it decides once it is loaded, inside its own stage).
     */
    static <T, R> Pair<T, R> run(String threadName, StageCpu.Body<T, AnalysisCancelledException> side,
                                 MainStage<T, R> main) throws AnalysisCancelledException {
        BesideStage<T> b = new BesideStage<>(threadName, side);
        b.thread.start();
        R mainResult;
        try {
            mainResult = StageCpu.withClock(() -> ProcessCpu.nanos() - b.cpuSoFar(), () -> main.run(() -> {
                b.awaitEnd();
                return b.outcome();
            }));
        } finally {
            b.awaitEnd();
        }
        return new Pair<>(b.outcome(), mainResult);
    }

    /** The caller's stage, given a way to wait for the side stage's outcome. */
    interface MainStage<T, R> {
        R run(Side<T> side) throws AnalysisCancelledException;
    }

    interface Side<T> {
        T await() throws AnalysisCancelledException;
    }

    record Pair<T, R>(T side, R main) {
    }

    private long cpuSoFar() {
        java.util.concurrent.atomic.AtomicLong pool = poolCpu;
        long workers = pool == null ? 0 : pool.get();
        if (done) {
            return finalCpu + workers;
        }
        long now = StageCpu.thread(thread.getId());
        return (now >= 0 ? now : done ? finalCpu : 0) + workers;
    }

    private void awaitEnd() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the side stage watches the run's cancellation, not this thread's interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private T outcome() throws AnalysisCancelledException {
        if (failure instanceof AnalysisCancelledException c) {
            throw c;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return result;
    }
}
