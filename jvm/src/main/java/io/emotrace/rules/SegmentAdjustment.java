package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import java.util.List;

/** A segment whose emotion or confidence the rules changed, with the values before and after and the rules. */
public record SegmentAdjustment(int segment, Emotion emotionBefore, double confidenceBefore, Emotion emotionAfter,
                                double confidenceAfter, List<String> rules) {
    public SegmentAdjustment {
        rules = List.copyOf(rules);
    }
}
