package io.emotrace.web;

import io.emotrace.output.EmotraceVersion;
import io.emotrace.pipeline.EngineStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;

/**
 * {@code GET /api/status}: the build's version, each engine of the service's one {@link io.emotrace.pipeline.Engines}
 * (stage, provider, state, reason, loads since start, description) and the job queue with its worker pool.
 * Reads the database (queue length): runs on a worker, never on the event loop.
 */
final class ServiceStatus {
    private ServiceStatus() {
    }

    static JsonObject of(ServiceComponents c) throws SQLException {
        JsonArray engines = new JsonArray();
        for (EngineStatus s : c.engines().status()) {
            engines.add(new JsonObject().put("stage", s.stage()).put("name", s.name()).put("state", s.state().json())
                    .put("reason", s.reason()).put("loads", s.loads()).put("description", s.description()));
        }
        JsonObject jobs = new JsonObject()
                .put("queued", c.store().queuedCount())
                .put("running", c.jobs().active())
                .put("workers", c.jobs().workers())
                .put("handedToPool", c.jobs().inFlight());
        JsonObject out = new JsonObject().put("version", EmotraceVersion.get()).put("engines", engines)
                .put("jobs", jobs);
        if (c.config().cluster()) {
            out.put("cluster", new JsonObject().put("node", c.config().nodeId()).put("database", "postgresql")
                    .put("leaseSeconds", c.config().leaseSeconds()));
        }
        return out;
    }
}
