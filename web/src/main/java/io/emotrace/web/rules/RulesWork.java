package io.emotrace.web.rules;

import io.emotrace.web.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool where rule documents are validated and dry-run: never the database pool, so a costly rule set
 * cannot starve ordinary API calls. Work beyond a few per thread waiting is refused with 503 instead of queued.
 */
public final class RulesWork implements AutoCloseable {
    private final WorkerExecutor pool;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();

    public RulesWork(Vertx vertx, int threads, long budgetMs) {
        // the blocked-thread warning fires only past the evaluation budget, where the budget should have stopped it
        this.pool = vertx.createSharedWorkerExecutor("emotrace-rules", threads, 2 * budgetMs + 1000,
                TimeUnit.MILLISECONDS);
        this.maxPending = 4 * threads;
    }

    public <T> Future<T> submit(Callable<T> work) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return Future.failedFuture(new ApiException(503, "rules.busy",
                    "too many rule validations or tests in progress; retry shortly"));
        }
        return pool.executeBlocking(work, false).andThen(ar -> pending.decrementAndGet());
    }

    @Override
    public void close() {
        pool.close();
    }
}
