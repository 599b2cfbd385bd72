package io.emotrace.output;

import io.emotrace.domain.Emotion;
import java.util.List;

/**
 * What a rule set made of one segment's emotion: the label and confidence after the rules, and the rules that
 * changed it. It is shown beside the model's own estimate, which is kept as it was.
 */
public record RuledEmotion(Emotion emotion, double confidence, List<String> rules) {
    public RuledEmotion {
        rules = List.copyOf(rules);
    }
}
