package io.emotrace.pipeline;

import java.util.List;

/**
 * A segment with everything the stages found about it; emotion and text stay null when their stage did not run.
 * This is also the {@code segments[]} entry of result.json.
 */
public record AnalyzedSegment(String speaker, double start, double end, EmotionEstimate emotion, String text,
                              List<Word> words) {
    public AnalyzedSegment {
        words = words == null ? List.of() : List.copyOf(words);
    }
}
