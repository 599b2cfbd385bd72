package io.emotrace.web.jobs;

import io.emotrace.output.RunDirectory;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.pipeline.Engines;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.db.JobRow;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.rules.RulesService;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs analyses on {@code workers} fixed threads with a bounded hand-off queue. The database is the queue of
 * record: an upload inserts a {@code queued} job, {@link #pump()} moves as many queued jobs into the pool as it
 * has room for (after each insert, each finished job and every few seconds). So a full pool never loses or
 * rejects an upload, memory stays bounded, and after a crash {@link #start()} simply finds the jobs again.
 *
 * <p>Cluster mode ({@link ServiceConfig#cluster()}): every node pumps from the same PostgreSQL table, but takes
 * a job only when one of its workers is free, by leasing it ({@link RecordingStore#claim}, {@code FOR UPDATE SKIP
 * LOCKED}). A heartbeat extends this node's leases every third of {@code leaseSeconds}; a job whose lease this node
 * lost is abandoned locally; any node requeues jobs whose lease ran out (their node was killed), and a node that
 * stops normally hands its jobs back at once. Claims and heartbeats exclude each other (this object's lock);
 * the heartbeat has its own thread.
 */
public final class JobRunner implements AutoCloseable {
    private static final int HANDOFF = 16;
    private static final long PUMP_SECONDS = 5;
    /** Retention sweeps this often (one node, or once for the whole cluster). */
    static final long RETENTION_PERIOD_MS = 600_000;

    private final RecordingStore store;
    private final RecordingFiles files;
    private final AnalysisJob job;
    private final Retention retention;
    private final ServiceConfig config;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, ProgressEvent> live = new ConcurrentHashMap<>();
    /** Cluster mode: this node's id (lease owner); null on a single node. */
    private final String node;
    /** Cluster mode: job id -> recording id of the jobs this node leased and has not finished. */
    private final Map<String, String> leased = new ConcurrentHashMap<>();
    private final long leaseMillis;
    /** Cluster mode: the heartbeat's own thread, so a long retention sweep on {@link #timer} cannot starve it. */
    private final ScheduledExecutorService leaseTimer;

    /** Names speakers from the voices enrolled in {@code config}'s speakers folder. */
    public JobRunner(RecordingStore store, RecordingFiles files, Engines engines, RulesService rules,
                     AnalysisEvents events, ServiceConfig config) {
        this(store, files, engines, rules, events, config,
                new io.emotrace.speakers.SpeakerDirectory(config.speakersPath()).namer(config.speakerThreshold()));
    }

    /** {@code namer}: names the speakers of each analysis from the enrolled voices. */
    public JobRunner(RecordingStore store, RecordingFiles files, Engines engines, RulesService rules,
                     AnalysisEvents events, ServiceConfig config, io.emotrace.speakers.SpeakerNamer namer) {
        this.store = store;
        this.files = files;
        this.config = config;
        this.node = config.cluster() ? config.nodeId() : null;
        this.leaseMillis = Math.round(config.leaseSeconds() * 1000);
        this.leaseTimer = node == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emotrace-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.job = new AnalysisJob(store, files, engines, rules, events, live,
                java.time.Duration.ofMillis(config.ruleEvaluationBudgetMs()), namer, node);
        this.retention = new Retention(store, files, events, config);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HANDOFF), r -> {
                    Thread t = new Thread(r, "emotrace-analysis-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emotrace-jobs-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Removes the unfinished run folders a crash left over a day ago, requeues jobs a crash interrupted, then
     * starts pumping and the retention sweep.
     */
    public void start() throws SQLException {
        int abandoned = files.deleteAbandonedRuns(Instant.now().minus(RunDirectory.ABANDONED_AFTER));
        if (abandoned > 0) {
            System.err.println("emotrace serve: removed " + abandoned + " unfinished run folder(s) older than a day "
                    + "(a crash left them)");
        }
        if (node != null) {
            // other nodes may be running jobs right now: nothing is requeued at start, expired leases are
            long poll = config.clusterPollMs();
            timer.scheduleWithFixedDelay(this::pumpQuietly, 0, poll, TimeUnit.MILLISECONDS);
            leaseTimer.scheduleWithFixedDelay(this::heartbeatQuietly, leaseMillis / 3, leaseMillis / 3,
                    TimeUnit.MILLISECONDS);
            timer.scheduleWithFixedDelay(this::expireQuietly, poll, poll, TimeUnit.MILLISECONDS);
            if (config.retentionMaxAgeDays() > 0 || config.retentionMaxBytes() > 0) {
                // one sweep per period in the whole cluster; asking every minute passes a dead node's turn on
                timer.scheduleWithFixedDelay(() -> retention.sweepIfTurnQuietly(RETENTION_PERIOD_MS), 1, 60,
                        TimeUnit.SECONDS);
            }
            return;
        }
        List<JobRow> resumed = store.recoverJobs(config.maxJobAttempts());
        if (!resumed.isEmpty()) {
            System.err.println("emotrace serve: " + resumed.size() + " analysis job(s) queued or interrupted "
                    + "before the last stop; running them again");
        }
        timer.scheduleWithFixedDelay(this::pumpQuietly, 0, PUMP_SECONDS, TimeUnit.SECONDS);
        if (config.retentionMaxAgeDays() > 0 || config.retentionMaxBytes() > 0) {
            timer.scheduleWithFixedDelay(retention::sweepQuietly, 1, RETENTION_PERIOD_MS / 1000, TimeUnit.SECONDS);
        }
    }

    /** Hands queued jobs to the pool while it has room. Blocking (database): not on the event loop. */
    public synchronized int pump() throws SQLException {
        if (node != null) {
            return pumpLeased();
        }
        int room = HANDOFF + config.workers() - inFlight.size();
        if (room <= 0 || pool.isShutdown()) {
            return 0;
        }
        int started = 0;
        for (JobRow j : store.queuedJobs(room + inFlight.size())) {
            if (inFlight.contains(j.id())) {
                continue;
            }
            inFlight.add(j.id());
            try {
                pool.execute(() -> {
                    try {
                        job.run(j);
                    } finally {
                        inFlight.remove(j.id());
                        pumpSoon();
                    }
                });
                started++;
            } catch (RejectedExecutionException e) {
                inFlight.remove(j.id());
                break;
            }
        }
        return started;
    }

    /** Cluster mode: leases as many queued jobs as this node has free workers, and runs them. */
    private int pumpLeased() throws SQLException {
        int free = config.workers() - leased.size();
        if (free <= 0 || pool.isShutdown()) {
            return 0;
        }
        List<JobRow> claimed = store.claim(node, free, leaseMillis);
        for (JobRow j : claimed) {
            leased.put(j.id(), j.recordingId());
            try {
                pool.execute(() -> {
                    try {
                        job.run(j);
                    } finally {
                        leased.remove(j.id());
                        pumpSoon();
                    }
                });
            } catch (RejectedExecutionException e) {
                leased.remove(j.id()); // stopping: close() hands the lease back
            }
        }
        return claimed.size();
    }

    /** Cluster mode: extends this node's leases; stops local runs of jobs whose lease this node lost. */
    public synchronized void heartbeat() throws SQLException {
        if (node == null || leased.isEmpty()) {
            return;
        }
        java.util.Set<String> held = store.heartbeat(node, leaseMillis);
        for (Map.Entry<String, String> e : leased.entrySet()) {
            if (held.contains(e.getKey())) {
                continue;
            }
            Optional<String[]> state = store.jobState(e.getKey());
            if (state.isEmpty()) {
                // deleted through another node: stop as a local DELETE does (its run folder goes too)
                job.cancel(e.getValue());
            } else if (!RecordingRow.RUNNING.equals(state.get()[0]) && node.equals(state.get()[1])) {
                continue; // this node just finished it; the worker has not let go of it yet
            } else {
                System.err.println("emotrace serve: lease of job " + e.getKey() + " lost (expired); stopping the "
                        + "local run, another node reruns it");
                job.abandon(e.getValue());
            }
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (SQLException | RuntimeException e) {
            System.err.println("emotrace serve: lease heartbeat: " + e);
        }
    }

    private void expireQuietly() {
        try {
            int n = store.expireLeases(config.maxJobAttempts());
            if (n > 0) {
                System.err.println("emotrace serve: " + n + " job lease(s) expired (node lost); requeued");
                pump();
            }
        } catch (SQLException | RuntimeException e) {
            System.err.println("emotrace serve: lease expiry: " + e);
        }
    }

    /** This node's id in cluster mode, else null. */
    public String node() {
        return node;
    }

    public void pumpSoon() {
        try {
            timer.execute(this::pumpQuietly);
        } catch (RejectedExecutionException stopping) {
            // shutting down: the next start finds the queued jobs in the database
        }
    }

    private void pumpQuietly() {
        try {
            pump();
        } catch (SQLException | RuntimeException e) {
            System.err.println("emotrace serve: job queue: " + e);
        }
    }

    public Optional<ProgressEvent> progress(String recordingId) {
        return Optional.ofNullable(live.get(recordingId));
    }

    /** Stops a running analysis of this recording at its engines' next unit of work (used by DELETE). */
    public void cancel(String recordingId) {
        job.cancel(recordingId);
    }

    public Retention retention() {
        return retention;
    }

    /** Jobs waiting in the hand-off queue of the pool (not yet started). */
    public int waiting() {
        return pool.getQueue().size();
    }

    public int workers() {
        return pool.getMaximumPoolSize();
    }

    /** Jobs analysing right now. */
    public int active() {
        return pool.getActiveCount();
    }

    /** Jobs handed to the pool and not finished. */
    public int inFlight() {
        return node != null ? leased.size() : inFlight.size();
    }

    @Override
    public void close() {
        job.stop();
        timer.shutdownNow();
        if (leaseTimer != null) {
            leaseTimer.shutdownNow();
        }
        pool.shutdownNow();
        try {
            // cancelled runs stop at their next unit of work; a job still 'running' is rerun at the next start
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (node != null) {
            try {
                int n = store.releaseLeases(node);
                if (n > 0) {
                    System.err.println("emotrace serve: handed " + n + " running job(s) back to the cluster queue");
                }
            } catch (SQLException | RuntimeException e) {
                System.err.println("emotrace serve: leases not handed back (they expire): " + e);
            }
        }
    }
}
