package io.emotrace.emotion.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One result in the reference system's terms: {@code emotion} (English; {@code emotion_zh} the Chinese name
 * Emotion2Vec+ uses), {@code confidence}, {@code scores} of all 9 classes (English keys in the model's order),
 * {@code granularity}, {@code start}/{@code end} in seconds. {@code reason}: why it is {@code unknown}, or what
 * lowered its confidence; absent when there is nothing to say.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentEmotion(double start, double end, Granularity granularity, Emotion emotion,
        @JsonProperty("emotion_zh") String emotionZh, double confidence, Map<String, Double> scores, String reason) {

    public static SegmentEmotion of(double start, double end, Granularity g, EmotionEstimate e, double factor,
            String reason) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Emotion c : Emotion.values()) {
            scores.put(c.english(), round(e.scores().get(c)));
        }
        return new SegmentEmotion(round(start), round(end), g, e.emotion(), e.emotion().chinese(),
                round(e.confidence() * factor), scores, reason);
    }

    /** Six decimals: enough for scores and times, and keeps a JSON line short. */
    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
