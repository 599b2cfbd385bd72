package io.emotrace.web.jobs;

import io.emotrace.output.RunDirectory;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.pipeline.Engines;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.db.JobRow;
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
 */
public final class JobRunner implements AutoCloseable {
    private static final int HANDOFF = 16;
    private static final long PUMP_SECONDS = 5;

    private final RecordingStore store;
    private final RecordingFiles files;
    private final AnalysisJob job;
    private final Retention retention;
    private final ServiceConfig config;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, ProgressEvent> live = new ConcurrentHashMap<>();

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
        this.job = new AnalysisJob(store, files, engines, rules, events, live,
                java.time.Duration.ofMillis(config.ruleEvaluationBudgetMs()), namer);
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
        List<JobRow> resumed = store.recoverJobs(config.maxJobAttempts());
        if (!resumed.isEmpty()) {
            System.err.println("emotrace serve: " + resumed.size() + " analysis job(s) queued or interrupted "
                    + "before the last stop; running them again");
        }
        timer.scheduleWithFixedDelay(this::pumpQuietly, 0, PUMP_SECONDS, TimeUnit.SECONDS);
        if (config.retentionMaxAgeDays() > 0 || config.retentionMaxBytes() > 0) {
            timer.scheduleWithFixedDelay(retention::sweepQuietly, 1, 600, TimeUnit.SECONDS);
        }
    }

    /** Hands queued jobs to the pool while it has room. Blocking (database): not on the event loop. */
    public synchronized int pump() throws SQLException {
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
        return inFlight.size();
    }

    @Override
    public void close() {
        job.stop();
        timer.shutdownNow();
        pool.shutdownNow();
        try {
            // cancelled runs stop at their next unit of work; a job still 'running' is rerun at the next start
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
