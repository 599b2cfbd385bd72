package io.emotrace.web;

import java.util.Map;

/**
 * One speaker over a time range: talk time and turns, the emotion with the most talk time, each emotion's share
 * of the talk time, and volatility = changes of the segment emotion between consecutive turns per minute of
 * talk time (0 with fewer than two turns). Emotion is null when no emotion stage ran. {@code speakerConfidence}: the
 * talk-time-weighted mean of the turns' speaker confidences (how sure the diarizer is that they are this voice's),
 * null when no turn has one.
 */
public record SpeakerSummary(String speaker, double talkSeconds, int turns, String dominantEmotion,
                             Map<String, Double> distribution, double volatilityPerMinute, Double speakerConfidence) {
    public SpeakerSummary {
        distribution = Map.copyOf(distribution);
    }
}
