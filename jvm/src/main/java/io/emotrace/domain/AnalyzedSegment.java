package io.emotrace.domain;

import java.util.List;

/**
 * A segment with everything the stages found about it; emotion and text stay null when their stage did not run.
 * {@code language} is the language the ASR decoded (ISO 639-1), null when ASR did not run.
 * {@code speakerConfidence}: the diarizer's calibrated probability that {@code speaker} is right (0..1), null when it
 * does not say (docs/diarization.md, "How sure is each turn's voice").
 * This is also the {@code segments[]} entry of result.json.
 */
public record AnalyzedSegment(String speaker, double start, double end, EmotionEstimate emotion, String text,
                              List<Word> words, String language, Double speakerConfidence) {
    public AnalyzedSegment {
        words = words == null ? List.of() : List.copyOf(words);
        if (speakerConfidence != null && !(speakerConfidence >= 0 && speakerConfidence <= 1)) {
            throw new IllegalArgumentException("bad speaker confidence " + speakerConfidence);
        }
    }

    /** Without a speaker confidence. */
    public AnalyzedSegment(String speaker, double start, double end, EmotionEstimate emotion, String text,
                           List<Word> words, String language) {
        this(speaker, start, end, emotion, text, words, language, null);
    }

    /** Without a language (callers from before the ASR stage recorded one). */
    public AnalyzedSegment(String speaker, double start, double end, EmotionEstimate emotion, String text,
                           List<Word> words) {
        this(speaker, start, end, emotion, text, words, null);
    }
}
