package io.emotrace.emotion.analysis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * As in Emotion2Vec+ / FunASR: {@code utterance} gives one result and a (1, D) embedding per segment or file;
 * {@code frame} gives the (T, D) frame embeddings and a per-frame emotion track.
 */
public enum Granularity {
    UTTERANCE, FRAME;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
