package io.emotrace.web.auth;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.emotrace.web.LogText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster mode's {@link RateLimiter}: every principal's token bucket is one entry of a Hazelcast map shared by all
 * nodes (the cluster manager's own Hazelcast instance, nothing else to run). A request spends a token through an
 * entry processor, which runs atomically on the member that owns the entry, on that member's clock: two nodes
 * spending the same budget at once serialise there, and the nodes' clocks never need to agree. An entry lives
 * only as long as its bucket takes to refill (its TTL), after which an absent entry means a full bucket, so the
 * map holds recently active clients only.
 *
 * <p>While the map cannot be reached (the cluster is re-forming) the node counts on its own
 * {@link LocalRateLimiter}, so the API neither stops nor goes unlimited.
 */
public final class ClusterRateLimiter implements RateLimiter {
    private static final long WARN_EVERY_MS = 60_000;
    /** Longest wait for the shared bucket before this node counts on its own (logged once a minute). */
    static final long ASK_TIMEOUT_MS = 500;

    private final Vertx vertx;
    private final IMap<String, double[]> buckets;
    private final double perSecond;
    private final int burst;
    private final long ttlMillis;
    private final LocalRateLimiter fallback;
    private final AtomicLong lastWarning = new AtomicLong();

    /** {@code name} keeps this limiter's map apart from other limiters' (requests, authentication failures). */
    public ClusterRateLimiter(Vertx vertx, HazelcastInstance hazelcast, String name, double perSecond, int burst) {
        this.vertx = vertx;
        this.buckets = hazelcast.getMap("emotrace.rate." + name);
        this.perSecond = perSecond;
        this.burst = burst;
        this.ttlMillis = (long) Math.ceil(burst / perSecond * 1000) + 1000;
        this.fallback = new LocalRateLimiter(perSecond, burst);
    }

    @Override
    public Future<Boolean> allow(String principal) {
        return ask(principal, new Take(perSecond, burst, ttlMillis, true))
                .recover(e -> fallingBack(e, fallback.allow(principal)));
    }

    @Override
    public Future<Boolean> available(String principal) {
        return ask(principal, new Take(perSecond, burst, ttlMillis, false))
                .recover(e -> fallingBack(e, fallback.available(principal)));
    }

    private Future<Boolean> ask(String principal, Take take) {
        Future<Boolean> answer;
        try {
            // completes on the caller's context (the event loop), whichever Hazelcast thread answered
            answer = Future.fromCompletionStage(buckets.submitToKey(principal, take), vertx.getOrCreateContext());
        } catch (RuntimeException e) { // the instance is shutting down
            return Future.failedFuture(e);
        }
        // Hazelcast retries an unreachable owner for up to minutes; a request does not wait that long for its budget
        io.vertx.core.Promise<Boolean> bounded = io.vertx.core.Promise.promise();
        long timer = vertx.setTimer(ASK_TIMEOUT_MS, t -> bounded.tryFail(new java.util.concurrent.TimeoutException(
                "no answer in " + ASK_TIMEOUT_MS + " ms")));
        answer.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                bounded.tryComplete(ar.result());
            } else {
                bounded.tryFail(ar.cause());
            }
        });
        return bounded.future();
    }

    private Future<Boolean> fallingBack(Throwable e, Future<Boolean> local) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            System.err.println("emotrace serve: shared rate limits unreachable, counting on this node only: "
                    + LogText.safe(e));
        }
        return local;
    }

    /**
     * Refills the bucket {@code [tokens, lastMillis]} for the time since its last use and, with {@code spend},
     * takes one token. Runs on the entry's owner: serialised to it with the request (hence Serializable).
     */
    static final class Take implements EntryProcessor<String, double[], Boolean> {
        private static final long serialVersionUID = 1L;

        private final double perSecond;
        private final double burst;
        private final long ttlMillis;
        private final boolean spend;

        Take(double perSecond, double burst, long ttlMillis, boolean spend) {
            this.perSecond = perSecond;
            this.burst = burst;
            this.ttlMillis = ttlMillis;
            this.spend = spend;
        }

        @Override
        public Boolean process(Map.Entry<String, double[]> entry) {
            long now = System.currentTimeMillis();
            double[] b = entry.getValue();
            double tokens = b == null ? burst : Math.min(burst, b[0] + Math.max(0, now - (long) b[1]) / 1000.0 * perSecond);
            if (tokens < 1) {
                return false;
            }
            if (spend) {
                ((ExtendedMapEntry<String, double[]>) entry).setValue(new double[] {tokens - 1, now}, ttlMillis,
                        TimeUnit.MILLISECONDS);
            }
            return true;
        }
    }
}
