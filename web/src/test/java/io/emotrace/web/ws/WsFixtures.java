package io.emotrace.web.ws;

import io.emotrace.domain.RuleFlag;
import io.emotrace.web.ApiException;
import io.emotrace.web.RecordingQueries;
import io.emotrace.web.SegmentEvent;
import io.emotrace.web.SpeakerSummaries;
import io.emotrace.web.SpeakerSummary;
import io.emotrace.web.db.SegmentRow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class WsFixtures {
    private WsFixtures() {
    }

    private static final String[] EMOTIONS = {"angry", "disgusted", "fearful", "happy", "neutral", "other", "sad",
        "surprised", "unknown"};

    /** A segment with {@code top} at {@code p} and the rest spread evenly; null emotion = no estimate. */
    static SegmentEvent seg(int index, String speaker, double start, double end, String top, double p) {
        Map<String, Double> scores = new HashMap<>();
        if (top != null) {
            for (String e : EMOTIONS) {
                scores.put(e, e.equals(top) ? p : (1 - p) / (EMOTIONS.length - 1));
            }
        }
        return new SegmentEvent(index, "emotion", speaker, start, end, top, top == null ? null : p, scores, null);
    }

    /** In-memory {@link RecordingQueries} over fixed recordings (same semantics as the store's). */
    record Store(Map<String, String> status, Map<String, List<SegmentEvent>> segments,
                 Map<String, List<RuleFlag>> flags) implements RecordingQueries {
        private <T> Future<T> known(String id, java.util.function.Supplier<T> value) {
            return status.containsKey(id) ? Future.succeededFuture(value.get())
                    : Future.failedFuture(ApiException.notFound("recording " + id));
        }

        @Override
        public Future<JsonObject> recording(String id) {
            return known(id, () -> new JsonObject().put("id", id).put("status", status.get(id)));
        }

        @Override
        public Future<List<SegmentEvent>> timeline(String id, String speaker, Double from, Double to) {
            return known(id, () -> select(id, speaker, from, to));
        }

        @Override
        public Future<List<RuleFlag>> flags(String id) {
            return known(id, () -> flags.getOrDefault(id, List.of()));
        }

        @Override
        public Future<List<SpeakerSummary>> summary(String id, String speaker, Double from, Double to) {
            return known(id, () -> SpeakerSummaries.of(select(id, speaker, from, to).stream()
                    .map(s -> new SegmentRow(s.index(), s.speaker(), s.start(), s.end(), s.emotion(), s.confidence(),
                            null, s.text())).toList()));
        }

        private List<SegmentEvent> select(String id, String speaker, Double from, Double to) {
            return segments.getOrDefault(id, List.of()).stream()
                    .filter(s -> speaker == null || speaker.equals(s.speaker()))
                    .filter(s -> (from == null || s.end() > from) && (to == null || s.start() < to)).toList();
        }
    }
}
