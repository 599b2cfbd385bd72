package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import io.emotrace.domain.Word;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules see of one analysed segment, independent of how result.json spells it. {@code emotion} is null
 * (and {@code scores} empty) when no emotion stage ran; {@code text} is "" when no ASR ran; {@code language} and
 * {@code embedding} are null when unknown.
 */
public record SegmentView(int index, String speaker, double start, double end, Emotion emotion, double confidence,
                          Map<Emotion, Double> scores, String text, List<Word> words, String language,
                          float[] embedding) {
    public SegmentView {
        scores = scores == null || scores.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(scores));
        words = words == null ? List.of() : List.copyOf(words);
        text = text == null ? "" : text;
        embedding = embedding == null ? null : embedding.clone();
    }

    public double duration() {
        return end - start;
    }

    /** The words as said, or the text split on spaces when the ASR gave no word list. */
    public String spokenText() {
        if (!text.isBlank() || words.isEmpty()) {
            return text;
        }
        return String.join(" ", words.stream().map(Word::text).toList());
    }

    @Override
    public float[] embedding() {
        return embedding == null ? null : embedding.clone();
    }
}
