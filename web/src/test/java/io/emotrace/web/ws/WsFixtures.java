package io.emotrace.web.ws;

import io.emotrace.pipeline.AnalyzedSegment;
import io.emotrace.pipeline.Emotion;
import io.emotrace.pipeline.EmotionEstimate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

final class WsFixtures {
    private WsFixtures() {
    }

    /** An estimate with {@code top} at {@code p} and the rest spread evenly. */
    static EmotionEstimate estimate(Emotion top, double p) {
        Map<Emotion, Double> scores = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            scores.put(e, e == top ? p : (1 - p) / (Emotion.values().length - 1));
        }
        return new EmotionEstimate(top, p, scores);
    }

    static AnalyzedSegment seg(String speaker, double start, double end, Emotion e, double p) {
        return new AnalyzedSegment(speaker, start, end, e == null ? null : estimate(e, p), null, List.of());
    }
}
