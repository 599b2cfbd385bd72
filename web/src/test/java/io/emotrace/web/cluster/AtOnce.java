package io.emotrace.web.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Two calls started at the same moment on two threads, as two cluster nodes racing for the same work. */
public final class AtOnce {
    private AtOnce() {
    }

    /** Runs both at once; their results in order. */
    public static <T> List<T> run(Callable<T> first, Callable<T> second) {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<T>> runs = new ArrayList<>();
        for (Callable<T> c : List.of(first, second)) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                    return c.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return runs.stream().map(CompletableFuture::join).toList();
    }
}
