package io.emotrace.web.ws;

import io.emotrace.pipeline.AnalyzedSegment;
import io.emotrace.pipeline.RuleFlag;
import java.util.List;
import java.util.Optional;

/** Read access to stored recordings for the WebSocket queries. May block (database): called off the event loop. */
@FunctionalInterface
public interface RecordingLookup {
    Optional<View> find(String recording) throws Exception;

    /** What the queries need of one recording: its job status and the segments and flags stored so far. */
    record View(String id, String status, List<AnalyzedSegment> segments, List<RuleFlag> flags) {
        public View {
            segments = List.copyOf(segments);
            flags = List.copyOf(flags);
        }
    }
}
