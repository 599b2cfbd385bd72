package io.emotrace.web;

import io.emotrace.domain.RuleFlag;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Read access to stored recordings for the WebSocket hub and the HTTP API (same JSON forms). The futures complete
 * off the event loop's back (database work runs on a worker pool); an unknown id fails with a 404
 * {@link ApiException}. {@code speaker}, {@code from} and {@code to} may be null (= no filter).
 */
public interface RecordingQueries {
    /** The recording as {@code GET /api/recordings/{id}} returns it: status, progress, speakers, summary. */
    Future<JsonObject> recording(String id);

    /** Segments overlapping [from, to], in time order, optionally of one speaker. */
    Future<List<SegmentEvent>> timeline(String id, String speaker, Double from, Double to);

    /** The recording's current rule flags (of the rule set it was last evaluated with), in time order. */
    Future<List<RuleFlag>> flags(String id);

    /** Per-speaker summaries computed over the segments overlapping [from, to]. */
    Future<List<SpeakerSummary>> summary(String id, String speaker, Double from, Double to);
}
