package io.emotrace.web.jobs;

import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.Segment;
import io.emotrace.web.SegmentEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** A segment as live views and the segments table see it: english emotion names, scores by name. */
final class SegmentEvents {
    private SegmentEvents() {
    }

    static SegmentEvent of(int index, String stage, Segment seg, EmotionEstimate e, String text) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (e != null) {
            e.scores().forEach((k, v) -> scores.put(k.english(), v));
        }
        return new SegmentEvent(index, stage, seg.speaker(), seg.start(), seg.end(),
                e == null ? null : e.emotion().english(), e == null ? null : e.confidence(), scores, text,
                seg.speakerConfidence());
    }
}
