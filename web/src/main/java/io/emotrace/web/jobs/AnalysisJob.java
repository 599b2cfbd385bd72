package io.emotrace.web.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emotrace.EmotraceException;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.DomainJson;
import io.emotrace.output.FileTrees;
import io.emotrace.output.RunDirectory;
import io.emotrace.pipeline.AnalysisCancelledException;
import io.emotrace.pipeline.AnalysisEvent;
import io.emotrace.pipeline.AnalysisListener;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.AnalysisRun;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.pipeline.Cancellation;
import io.emotrace.pipeline.Engines;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.domain.RuleFlag;
import io.emotrace.pipeline.RunOptions;
import io.emotrace.domain.Segment;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.SegmentEvent;
import io.emotrace.web.LogText;
import io.emotrace.web.SpeakerSummaries;
import io.emotrace.web.db.JobRow;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.db.SegmentRow;
import io.emotrace.web.rules.RuleVersion;
import io.emotrace.web.rules.RulesService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One analysis of a stored upload on the service's shared {@link Engines}: the pipeline runs with the current rule
 * version and a cancellation token per recording, its events go live as they happen, then segments, summary and
 * flags go into the database.
 */
final class AnalysisJob {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new DomainJson()).build();
    /** A recording created this recently may have its queued event in flight when its job starts. */
    static final long FRESH_MILLIS = 10_000;
    /** How long a fresh job's start waits for that event (its relay takes milliseconds; p99 5 ms in the cluster test). */
    static final long QUEUED_WAIT_MILLIS = 500;

    private final RecordingStore store;
    private final RecordingFiles files;
    private final AnalysisPipeline pipeline;
    private final RulesService rules;
    private final AnalysisEvents events;
    private final Map<String, ProgressEvent> live;
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();
    private final java.time.Duration rulesBudget;
    private final io.emotrace.speakers.SpeakerNamer namer;
    /** Cluster mode: this node's id, the lease every store write of a result is fenced by; null on one node. */
    private final String leaseOwner;
    /** Recordings whose job this node lost the lease of: stopped without touching the files or the rows. */
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    AnalysisJob(RecordingStore store, RecordingFiles files, Engines engines, RulesService rules,
                AnalysisEvents events, Map<String, ProgressEvent> live, java.time.Duration rulesBudget,
                io.emotrace.speakers.SpeakerNamer namer, String leaseOwner) {
        this.leaseOwner = leaseOwner;
        this.rulesBudget = rulesBudget;
        this.namer = namer;
        this.store = store;
        this.files = files;
        this.pipeline = new AnalysisPipeline(engines);
        this.rules = rules;
        this.events = events;
        this.live = live;
    }

    /** Stops the running analysis of this recording (DELETE) at the engines' next unit of work. */
    void cancel(String recordingId) {
        Cancellation c = running.get(recordingId);
        if (c != null) {
            c.cancel("recording deleted");
        }
        // not running: a queued job finds its recording gone and does nothing
    }

    /**
     * Cluster mode: this node no longer holds the job's lease (another node may already rerun it). The local run
     * stops at its next unit of work and leaves the shared files and rows alone.
     */
    void abandon(String recordingId) {
        Cancellation c = running.get(recordingId);
        if (c != null) {
            abandoned.add(recordingId);
            c.cancel("lease lost");
        }
    }

    /** The service is stopping: running jobs end without a verdict and are rerun at the next start. */
    void stop() {
        stopping = true;
        running.values().forEach(c -> c.cancel("service stopping"));
    }

    void run(JobRow job) {
        String id = job.recordingId();
        Cancellation cancel = new Cancellation();
        running.put(id, cancel);
        try {
            // cluster mode: claim() already marked the job running under this node's lease
            if (stopping || leaseOwner == null && !store.startJob(job.id(), id)) {
                return;
            }
            Optional<RecordingRow> rec = store.get(id);
            if (rec.isEmpty()) {
                return;
            }
            // a fresh upload's queued event may still be on its way (from the node that took it, or this node's
            // event loop): this job's events are numbered after it (an old one's was published long ago, if ever)
            boolean fresh = System.currentTimeMillis() - rec.get().createdAt() < FRESH_MILLIS;
            if (!events.awaitQueued(id, fresh ? QUEUED_WAIT_MILLIS : 0)) {
                return; // deleted while it waited: nothing to announce
            }
            events.status(id, RecordingRow.RUNNING);
            Path outputs = files.outputsDir(id);
            // this recording's earlier attempt crashed: its hidden work folders are never a result
            RunDirectory.deleteAbandoned(outputs, java.time.Instant.MAX);
            Optional<RuleVersion> ruleVersion = currentRules(id);
            RunOptions options = new RunOptions(listener(id), cancel,
                    ruleVersion.map(RuleVersion::document).orElse(null),
                    ruleVersion.map(RuleVersion::version).orElse(null), rulesBudget).withSpeakerNamer(namer);
            AnalysisRun run;
            try {
                run = pipeline.run(Path.of(rec.get().uploadPath()), outputs, options);
            } catch (AnalysisCancelledException e) {
                if (!stopping && !abandoned.contains(id)) {
                    FileTrees.delete(files.outputsDir(id)); // deleted while running: its folder goes too
                }
                return;
            } catch (EmotraceException e) {
                fail(job, id, e.code(), e.getMessage());
                return;
            }
            if (cancel.isCancelled()) {
                if (abandoned.contains(id)) {
                    FileTrees.delete(run.directory()); // the lease holder publishes its own run
                } else if (!stopping) {
                    FileTrees.delete(files.outputsDir(id));
                }
                return;
            }
            try {
                finish(job, id, run, ruleVersion.map(RuleVersion::version).orElse(null));
            } catch (RecordingStore.LeaseLostException e) {
                System.err.println("emotrace serve: " + id + ": result discarded: " + LogText.safe(e.getMessage()));
                FileTrees.delete(store.get(id).isEmpty() ? files.outputsDir(id) : run.directory());
            }
        } catch (RecordingStore.LeaseLostException e) {
            System.err.println("emotrace serve: " + id + ": " + LogText.safe(e.getMessage()));
        } catch (SQLException | IOException | RuntimeException e) {
            fail(job, id, "internal", "analysis failed: " + e);
        } catch (LinkageError e) {
            // UnsatisfiedLinkError: a native library; the other LinkageErrors: classes of two builds mixed
            fail(job, id, "stage.linkage", (e instanceof UnsatisfiedLinkError ? "a native library failed to load: "
                    : "classes of different builds are mixed (rebuild, then restart the service): ") + e);
        } finally {
            live.remove(id);
            running.remove(id);
            abandoned.remove(id);
        }
    }

    /** The stored current rule version, or empty for the engine's default rules. */
    private Optional<RuleVersion> currentRules(String id) {
        try {
            return rules.currentStored();
        } catch (SQLException e) {
            System.err.println("emotrace serve: " + id + ": current rules not readable, default rules used: "
                    + LogText.safe(e.getMessage()));
            return Optional.empty();
        }
    }

    private void finish(JobRow job, String id, AnalysisRun run, Integer usedVersion) throws SQLException, IOException {
        AnalysisResult r = run.result();
        List<SegmentRow> segments = new ArrayList<>();
        for (int i = 0; i < r.segments().size(); i++) {
            AnalyzedSegment s = r.segments().get(i);
            SegmentEvent e = SegmentEvents.of(i, "stored", new Segment(s.speaker(), s.start(), s.end(),
                    s.speakerConfidence()),
                    s.emotion(), s.text());
            segments.add(new SegmentRow(i, s.speaker(), s.start(), s.end(), e.emotion(), e.confidence(),
                    e.scores().isEmpty() ? null : JSON.writeValueAsString(e.scores()), s.text(), s.speakerConfidence()));
        }
        List<RuleFlag> flags = r.flags();
        Integer version = usedVersion;
        // a rule change that landed while this job ran: its re-evaluation pass did not see this recording yet
        Optional<RuleVersion> now = currentRules(id);
        if (now.isPresent() && (usedVersion == null || now.get().version() != usedVersion)) {
            try {
                Optional<RulesService.Applied> applied = rules.applyCurrent(run.directory());
                if (applied.isPresent()) {
                    flags = applied.get().flags();
                    version = applied.get().version();
                }
            } catch (EmotraceException e) {
                System.err.println("emotrace serve: " + id + ": newer rule set not applied: "
                        + LogText.safe(e.describe()));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("speakers", SpeakerSummaries.of(segments));
        summary.put("speakerCount", r.speakerCount()); // how sure the diarizer is of its count; null when it does not say
        summary.put("stages", r.stages());
        summary.put("embeddings", embeddings(run.directory()));
        summary.put("segments", segments.size());
        summary.put("flags", flags.size());
        store.complete(job.id(), id, run.directory().toString(), r.processedAudio().durationSeconds(),
                JSON.writeValueAsString(summary), segments, flags, version, leaseOwner);
        if (!flags.equals(r.flags())) {
            events.flagsReplaced(id, version == null ? 0 : version, flags);
        }
        events.status(id, RecordingRow.DONE);
        events.done(id);
    }

    /** What the diarizer left in {@code embeddings/}: one voice vector per speaker, written with the run. */
    private static Map<String, Object> embeddings(Path runDir) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        Path dir = runDir.resolve(AnalysisPipeline.EMBEDDINGS);
        long n = 0;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                n = s.filter(p -> p.getFileName().toString().endsWith(".npy")).count();
            }
        }
        out.put("status", n > 0 ? "ok" : "unavailable");
        out.put("detail", n > 0 ? "diarizer speaker centroids (L2-normalised), embeddings/<speaker>.npy"
                : "no diarized speakers with embeddings in this run");
        out.put("speakers", n);
        return out;
    }

    private void fail(JobRow job, String id, String code, String message) {
        Cancellation c = running.get(id);
        if (stopping || c != null && c.isCancelled()) {
            return;
        }
        try {
            store.fail(job.id(), id, code, message, leaseOwner);
        } catch (RecordingStore.LeaseLostException e) {
            System.err.println("emotrace serve: " + id + ": failure not recorded: " + LogText.safe(e.getMessage()));
            return;
        } catch (SQLException e) {
            System.err.println("emotrace serve: cannot record the failure of " + id + ": " + LogText.safe(e));
        }
        events.failed(id, code, message);
    }

    /** Forwards the run's events to live views and keeps the progress row current. */
    private AnalysisListener listener(String id) {
        // the row follows each stage's first event only: two stages running side by side would otherwise
        // alternate the stored stage (a write per event)
        java.util.Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return e -> {
            if (e instanceof AnalysisEvent.Progress p) {
                live.put(id, new ProgressEvent(p.stage(), p.fraction(), p.message()));
                events.progress(id, p.stage(), p.fraction(), p.message());
                if (stored.add(p.stage())) {
                    try {
                        store.progress(id, p.stage(), Math.max(0, p.fraction()));
                    } catch (SQLException ex) {
                        System.err.println("emotrace serve: progress of " + id + " not stored: "
                                + LogText.safe(ex.getMessage()));
                    }
                }
            } else if (e instanceof AnalysisEvent.SegmentEmotion s) {
                events.segment(id, SegmentEvents.of(s.index(), "emotion", s.segment(), s.emotion(), null));
            } else if (e instanceof AnalysisEvent.SegmentWords w) {
                events.segment(id, SegmentEvents.of(w.index(), "asr", w.segment(), null, w.transcript().text()));
            } else if (e instanceof AnalysisEvent.RuleFlagged f) {
                events.flag(id, f.flag());
            } else if (e instanceof AnalysisEvent.SpeakerNamed n) {
                events.speakerNamed(id, n.speaker(), n.name());
            }
            // stage starts/ends, turns and the published run reach clients through progress and status
        };
    }
}
