package io.emotrace.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.db.SegmentRow;
import io.emotrace.web.jobs.JobRunner;
import io.emotrace.web.jobs.RecordingFiles;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RecordingQueries} over the database, run on the database worker pool; also the API's JSON forms. */
public final class StoreQueries implements RecordingQueries {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Double>> SCORES = new TypeReference<>() { };

    private final RecordingStore store;
    private final WorkerExecutor pool;
    private final JobRunner jobs;

    StoreQueries(RecordingStore store, WorkerExecutor pool, JobRunner jobs) {
        this.store = store;
        this.pool = pool;
        this.jobs = jobs;
    }

    @Override
    public Future<JsonObject> recording(String id) {
        return pool.executeBlocking(() -> {
            RecordingRow r = find(id);
            JsonObject json = json(r);
            JsonObject summary = r.summaryJson() == null ? null : new JsonObject(r.summaryJson());
            json.put("speakers", summary == null ? new io.vertx.core.json.JsonArray()
                    : summary.getJsonArray("speakers", new io.vertx.core.json.JsonArray()));
            if (summary != null) {
                json.put("summary", summary);
            }
            return json;
        }, false);
    }

    @Override
    public Future<List<SegmentEvent>> timeline(String id, String speaker, Double from, Double to) {
        return pool.executeBlocking(() -> {
            find(id);
            return store.segments(id, speaker, from, to).stream().map(StoreQueries::event).toList();
        }, false);
    }

    @Override
    public Future<List<io.emotrace.domain.RuleFlag>> flags(String id) {
        return pool.executeBlocking(() -> {
            find(id);
            return store.flags(id);
        }, false);
    }

    @Override
    public Future<List<SpeakerSummary>> summary(String id, String speaker, Double from, Double to) {
        return pool.executeBlocking(() -> {
            find(id);
            return SpeakerSummaries.of(store.segments(id, speaker, from, to));
        }, false);
    }

    private RecordingRow find(String id) throws java.sql.SQLException {
        RecordingFiles.checkId(id);
        return store.get(id).orElseThrow(() -> ApiException.notFound("recording " + id));
    }

    /** The list/detail form of a recording; live progress overrides the stored stage while it runs. */
    public JsonObject json(RecordingRow r) {
        JsonObject j = new JsonObject()
                .put("id", r.id())
                .put("fileName", r.fileName())
                .put("sizeBytes", r.sizeBytes())
                .put("createdAt", java.time.Instant.ofEpochMilli(r.createdAt()).toString())
                .put("status", r.status());
        Optional<ProgressEvent> live = RecordingRow.RUNNING.equals(r.status()) ? jobs.progress(r.id()) : Optional.empty();
        JsonObject progress = new JsonObject()
                .put("stage", live.map(ProgressEvent::stage).orElse(r.stage()))
                .put("fraction", live.map(ProgressEvent::fraction).orElse(r.progress()));
        live.ifPresent(l -> progress.put("message", l.message()));
        j.put("progress", progress);
        if (r.durationSeconds() != null) {
            j.put("durationSeconds", r.durationSeconds());
        }
        if (r.rulesVersion() != null) {
            j.put("rulesVersion", r.rulesVersion());
        }
        if (r.errorCode() != null) {
            j.put("error", new JsonObject().put("code", r.errorCode()).put("message", r.errorMessage()));
        }
        return j;
    }

    static SegmentEvent event(SegmentRow s) {
        Map<String, Double> scores = Map.of();
        if (s.scoresJson() != null) {
            try {
                scores = JSON.readValue(s.scoresJson(), SCORES);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored scores are not JSON: " + e.getMessage(), e);
            }
        }
        return new SegmentEvent(s.index(), "stored", s.speaker(), s.start(), s.end(), s.emotion(), s.confidence(),
                scores, s.text(), s.speakerConfidence());
    }
}
