package io.emotrace.speakers;

import io.emotrace.domain.SpeakerName;
import io.emotrace.EmotraceException;
import java.util.Map;

/** Names the speakers of one recording from their voice embeddings (speaker id -> L2-normalised centroid). */
@FunctionalInterface
public interface SpeakerNamer {
    /** Names for some of the speakers (open set: unmatched speakers are absent); a name at most once. */
    Map<String, SpeakerName> name(Map<String, float[]> centroids) throws EmotraceException;

    SpeakerNamer NONE = centroids -> Map.of();
}
