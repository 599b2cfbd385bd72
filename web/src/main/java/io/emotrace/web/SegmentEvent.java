package io.emotrace.web;

import java.util.Map;

/**
 * One analysed segment as pushed live: {@code stage} is the stage that produced this version of it
 * ({@code emotion} or {@code asr}); emotion fields are null when the emotion stage did not run, text is null
 * until the ASR stage ran. Scores map the nine emotion names (english) to their score.
 */
public record SegmentEvent(int index, String stage, String speaker, double start, double end, String emotion,
                           Double confidence, Map<String, Double> scores, String text) {
    public SegmentEvent {
        scores = scores == null ? Map.of() : Map.copyOf(scores);
    }
}
