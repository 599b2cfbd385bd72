package io.emotrace.web.live;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One stream's tasks, run in submission order, one at a time, on a shared pool: at most {@link #BATCH} tasks per
 * turn, then the stream goes to the back of the pool's queue, so streams share the workers fairly.
 */
final class SerialTasks {
    private static final int BATCH = 8;

    private final Executor pool;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialTasks(Executor pool) {
        this.pool = pool;
    }

    void submit(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable t = tasks.poll();
                if (t == null) {
                    break;
                }
                try {
                    t.run();
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("emotrace serve: live task failed: " + e);
                }
            }
        } finally {
            scheduled.set(false);
            schedule();
        }
    }

    int queued() {
        return tasks.size();
    }
}
