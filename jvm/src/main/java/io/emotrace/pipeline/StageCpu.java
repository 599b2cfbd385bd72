package io.emotrace.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * Where a stage's CPU seconds come from. Normally the whole process's CPU over the stage (its worker pools and
 * native threads included). While two stages overlap ({@link BesideStage}), the stage on the side thread counts
 * that thread's CPU and the caller's stage the process's CPU less the side thread's, so the per-stage figures still
 * add up to what the run cost and cluster sizing can use them.
 */
final class StageCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final LongSupplier PROCESS = ProcessCpu::nanos;
    private static final ThreadLocal<LongSupplier> CLOCK = ThreadLocal.withInitial(() -> PROCESS);

    private StageCpu() {
    }

    static long nanos() {
        return CLOCK.get().getAsLong();
    }

    static double secondsSince(long start) {
        long now = nanos();
        return start < 0 || now < 0 ? Double.NaN : (now - start) / 1e9;
    }

    /** This thread's own CPU time (the side stage's clock); -1 where the JVM cannot measure it. */
    static long currentThread() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** Another live thread's CPU time, or -1 (ended, or not measurable). */
    static long thread(long id) {
        return THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(id) : -1;
    }

    /** Runs {@code body} with {@code clock} as this thread's stage clock, then restores the previous one. */
    static <R, X extends Exception> R withClock(LongSupplier clock, Body<R, X> body) throws X {
        LongSupplier before = CLOCK.get();
        CLOCK.set(clock);
        try {
            return body.run();
        } finally {
            CLOCK.set(before);
        }
    }

    interface Body<R, X extends Exception> {
        R run() throws X;
    }
}
