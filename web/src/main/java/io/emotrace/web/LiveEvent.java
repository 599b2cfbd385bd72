package io.emotrace.web;

import java.util.Map;

/**
 * An event of a live stream beyond the recorded-analysis ones (new speaker, words, emotion points, relabel, stream
 * state), published to the recording's subscribers like any other event. {@code fields} are the JSON members
 * beside {@code type}, {@code recording}, {@code seq} and {@code ts}; {@code speaker} (null: not about one
 * speaker) filters speaker subscriptions; {@code delivery} says how a slow client may lose it.
 */
public record LiveEvent(String type, String speaker, Delivery delivery, Map<String, Object> fields) {
    public enum Delivery {
        /** Never dropped (stream state, new speakers, relabels, final words). */
        ESSENTIAL,
        /** Only the newest matters (partial words, progress). */
        LATEST,
        /** May be dropped for a slow client, replaced by a gap notice (emotion points). */
        DROPPABLE
    }

    public LiveEvent {
        fields = Map.copyOf(fields);
    }
}
