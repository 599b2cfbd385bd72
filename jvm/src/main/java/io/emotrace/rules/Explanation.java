package io.emotrace.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a rule fired: a sentence for people, the words that matched (as said) and the numbers that were compared
 * (scores, confidence, polarity, shares), so every outcome can be checked by hand.
 */
public record Explanation(String reason, List<String> words, Map<String, Double> scores) {
    public Explanation {
        words = List.copyOf(words);
        scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    public static Explanation of(String reason) {
        return new Explanation(reason, List.of(), Map.of());
    }
}
