package io.emotrace.domain;

import java.util.List;

/**
 * What was said in one segment: the text, its timed words, and the language the recogniser decoded
 * (ISO 639-1, {@code und} when unknown; null from transcribers that do not say).
 */
public record Transcript(String text, List<Word> words, String language) {
    public Transcript {
        words = List.copyOf(words);
    }

    public Transcript(String text, List<Word> words) {
        this(text, words, null);
    }
}
