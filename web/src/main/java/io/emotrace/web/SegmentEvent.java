package io.emotrace.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One analysed segment as pushed live: {@code stage} is the stage that produced this version of it
 * ({@code emotion} or {@code asr}); emotion fields are null when the emotion stage did not run, text is null
 * until the ASR stage ran. Scores map the nine emotion names (english) to their score. {@code confidence} is the
 * emotion's; {@code speakerConfidence} the diarizer's calibrated probability that {@code speaker} is right (left out
 * when it does not say: no calibration for the speaker model, a live label replaced by a relabel).
 */
public record SegmentEvent(int index, String stage, String speaker, double start, double end, String emotion,
                           Double confidence, Map<String, Double> scores, String text,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double speakerConfidence) {
    public SegmentEvent {
        scores = scores == null ? Map.of() : Map.copyOf(scores);
    }

    /** Without a speaker confidence. */
    public SegmentEvent(int index, String stage, String speaker, double start, double end, String emotion,
                        Double confidence, Map<String, Double> scores, String text) {
        this(index, stage, speaker, start, end, emotion, confidence, scores, text, null);
    }
}
