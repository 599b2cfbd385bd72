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
public final class StageCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final LongSupplier PROCESS = ProcessCpu::nanos;
    private static final ThreadLocal<LongSupplier> CLOCK = ThreadLocal.withInitial(() -> PROCESS);
    /**
     * The side stage's account for the CPU of worker threads it creates: inherited by threads made on the side
     * thread, charged by {@link #charged} around each piece of work a stage runs on its own pool.
     */
    private static final InheritableThreadLocal<java.util.concurrent.atomic.AtomicLong> POOL = new InheritableThreadLocal<>();

    private StageCpu() {
    }

    static long nanos() {
        return CLOCK.get().getAsLong();
    }

    static double secondsSince(long start) {
        long now = nanos();
        return start < 0 || now < 0 ? Double.NaN : (now - start) / 1e9;
    }

    /**
     * Runs one piece of a stage's work on one of its worker threads; when the stage runs beside another, this
     * thread's CPU for the piece is charged to it (its pool's threads are not the side thread, yet their work is
     * the stage's).
     */
    public static <T> T charged(java.util.concurrent.Callable<T> work) throws Exception {
        java.util.concurrent.atomic.AtomicLong account = POOL.get();
        long c0 = account == null ? -1 : currentThread();
        try {
            return work.call();
        } finally {
            if (c0 >= 0) {
                long c1 = currentThread();
                if (c1 >= 0) {
                    account.addAndGet(c1 - c0);
                }
            }
        }
    }

    /** Opens this (side) thread's pool account; the side stage's clock is its own CPU plus the account. */
    static java.util.concurrent.atomic.AtomicLong openPoolAccount() {
        java.util.concurrent.atomic.AtomicLong a = new java.util.concurrent.atomic.AtomicLong();
        POOL.set(a);
        return a;
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
    public static <R, X extends Exception> R withClock(LongSupplier clock, Body<R, X> body) throws X {
        LongSupplier before = CLOCK.get();
        CLOCK.set(clock);
        try {
            return body.run();
        } finally {
            CLOCK.set(before);
        }
    }

    public interface Body<R, X extends Exception> {
        R run() throws X;
    }
}
