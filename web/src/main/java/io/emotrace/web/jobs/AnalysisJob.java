package io.emotrace.web.jobs;

import io.emotrace.web.LogText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emotrace.EmotraceException;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.DomainJson;
import io.emotrace.output.FileTrees;
import io.emotrace.output.RunDirectory;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.AnalysisRun;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.Segment;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.SegmentEvent;
import io.emotrace.web.ServiceComponents;
import io.emotrace.web.SpeakerSummaries;
import io.emotrace.web.db.JobRow;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.db.SegmentRow;
import io.emotrace.web.rules.RulesService;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One analysis of a stored upload: the pipeline, then segments, summary and flags into the database. */
final class AnalysisJob {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new DomainJson()).build();

    private final RecordingStore store;
    private final RecordingFiles files;
    private final ServiceComponents.Stages stages;
    private final RulesService rules;
    private final AnalysisEvents events;
    private final Map<String, ProgressEvent> live;
    private final SpeakerEmbeddings embeddings = SpeakerEmbeddings.fromClasspath();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    AnalysisJob(RecordingStore store, RecordingFiles files, ServiceComponents.Stages stages, RulesService rules,
                AnalysisEvents events, Map<String, ProgressEvent> live) {
        this.store = store;
        this.files = files;
        this.stages = stages;
        this.rules = rules;
        this.events = events;
        this.live = live;
    }

    void cancel(String recordingId) {
        cancelled.add(recordingId);
    }

    /** The service is stopping: a running job ends without a verdict and is rerun at the next start. */
    void stop() {
        stopping = true;
    }

    /** Thrown from the progress listener to end a cancelled or interrupted run as early as the stages allow. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("analysis abandoned", null, false, false);
        }
    }

    void run(JobRow job) {
        String id = job.recordingId();
        try {
            if (!store.startJob(job.id(), id)) {
                return;
            }
            Optional<RecordingRow> rec = store.get(id);
            if (rec.isEmpty()) {
                return;
            }
            events.status(id, RecordingRow.RUNNING);
            Path outputs = files.outputsDir(id);
            // this recording's earlier attempt crashed: its hidden work folders are never a result
            RunDirectory.deleteAbandoned(outputs, java.time.Instant.MAX);
            AnalysisPipeline pipeline = new AnalysisPipeline(LiveStages.catalog(stages, id, events));
            AnalysisRun run;
            try {
                run = pipeline.run(Path.of(rec.get().uploadPath()), outputs, listener(id));
            } catch (EmotraceException e) {
                if (abandoned(id)) {
                    return;
                }
                store.fail(job.id(), id, e.code(), e.getMessage());
                events.failed(id, e.code(), e.getMessage());
                return;
            }
            if (abandoned(id)) {
                FileTrees.delete(run.directory());
                if (cancelled.contains(id)) {
                    FileTrees.delete(outputs); // deleted while running: its folder goes too
                }
                return;
            }
            finish(job, id, run);
        } catch (Abandoned e) {
            // cancelled (deleted) or stopping: nothing to record
        } catch (SQLException | IOException | RuntimeException e) {
            fail(job, id, "internal", "analysis failed: " + e);
        } catch (LinkageError e) {
            fail(job, id, "stage.linkage", "a native library failed to load: " + e.getMessage());
        } finally {
            live.remove(id);
            cancelled.remove(id);
        }
    }

    private boolean abandoned(String id) {
        return stopping || cancelled.contains(id);
    }

    private void finish(JobRow job, String id, AnalysisRun run) throws SQLException, IOException {
        AnalysisResult r = run.result();
        List<SegmentRow> segments = new ArrayList<>();
        for (int i = 0; i < r.segments().size(); i++) {
            AnalyzedSegment s = r.segments().get(i);
            SegmentEvent e = LiveStages.emotionEvent(i, "stored", new Segment(s.speaker(), s.start(), s.end()),
                    s.emotion(), s.text());
            segments.add(new SegmentRow(i, s.speaker(), s.start(), s.end(), e.emotion(), e.confidence(),
                    e.scores().isEmpty() ? null : JSON.writeValueAsString(e.scores()), s.text()));
        }
        List<RuleFlag> flags = r.flags();
        Integer version = null;
        try {
            Optional<RulesService.Applied> applied = rules.applyCurrent(run.directory());
            if (applied.isPresent()) {
                flags = applied.get().flags();
                version = applied.get().version();
            }
        } catch (EmotraceException e) {
            System.err.println("emotrace serve: " + id + ": stored rule set not applied: "
                    + LogText.safe(e.describe()));
        }
        events.progress(id, "embeddings", 0, "speaker embeddings");
        SpeakerEmbeddings.Outcome emb = embeddings.write(run.directory(), segments);
        events.progress(id, "embeddings", 1, emb.status());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("speakers", SpeakerSummaries.of(segments));
        summary.put("stages", r.stages());
        summary.put("embeddings", emb);
        summary.put("segments", segments.size());
        summary.put("flags", flags.size());
        store.complete(job.id(), id, run.directory().toString(), r.processedAudio().durationSeconds(),
                JSON.writeValueAsString(summary), segments, flags, version);
        for (RuleFlag f : flags) {
            events.flag(id, f);
        }
        events.status(id, RecordingRow.DONE);
        events.done(id);
    }

    private void fail(JobRow job, String id, String code, String message) {
        if (abandoned(id)) {
            return;
        }
        try {
            store.fail(job.id(), id, code, message);
        } catch (SQLException e) {
            System.err.println("emotrace serve: cannot record the failure of " + id + ": " + LogText.safe(e));
        }
        events.failed(id, code, message);
    }

    private ProgressListener listener(String id) {
        String[] lastStage = {null};
        return (ProgressEvent e) -> {
            if (abandoned(id)) {
                throw new Abandoned();
            }
            live.put(id, e);
            events.progress(id, e.stage(), e.fraction(), e.message());
            if (!e.stage().equals(lastStage[0])) {
                lastStage[0] = e.stage();
                try {
                    store.progress(id, e.stage(), Math.max(0, e.fraction()));
                } catch (SQLException ex) {
                    System.err.println("emotrace serve: progress of " + id + " not stored: "
                            + LogText.safe(ex.getMessage()));
                }
            }
        };
    }
}
