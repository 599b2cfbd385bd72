package io.emotrace.domain;

import java.util.List;

/**
 * A segment with everything the stages found about it; emotion and text stay null when their stage did not run.
 * {@code language} is the language the ASR decoded (ISO 639-1), null when ASR did not run.
 * This is also the {@code segments[]} entry of result.json.
 */
public record AnalyzedSegment(String speaker, double start, double end, EmotionEstimate emotion, String text,
                              List<Word> words, String language) {
    public AnalyzedSegment {
        words = words == null ? List.of() : List.copyOf(words);
    }

    /** Without a language (callers from before the ASR stage recorded one). */
    public AnalyzedSegment(String speaker, double start, double end, EmotionEstimate emotion, String text,
                           List<Word> words) {
        this(speaker, start, end, emotion, text, words, null);
    }
}
