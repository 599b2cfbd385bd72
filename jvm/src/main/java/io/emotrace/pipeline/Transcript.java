package io.emotrace.pipeline;

import java.util.List;

/** What was said in one segment: the text and its timed words. */
public record Transcript(String text, List<Word> words) {
    public Transcript {
        words = List.copyOf(words);
    }
}
