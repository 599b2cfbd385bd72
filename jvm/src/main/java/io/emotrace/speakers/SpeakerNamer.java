package io.emotrace.speakers;

import io.emotrace.domain.SpeakerName;
import io.emotrace.EmotraceException;
import java.util.Map;

/**
 * Names the speakers of one recording from their voice embeddings (speaker id -> L2-normalised centroid) and how
 * much speech each embedding was averaged over (speaker id -> seconds; the threshold depends on it).
 */
@FunctionalInterface
public interface SpeakerNamer {
    /** Names for some of the speakers (open set: unmatched speakers are absent); a name at most once. */
    Map<String, SpeakerName> name(Map<String, float[]> centroids, Map<String, Double> speechSeconds)
            throws EmotraceException;

    /** Without the amounts of speech (the threshold for long voices applies). */
    default Map<String, SpeakerName> name(Map<String, float[]> centroids) throws EmotraceException {
        return name(centroids, Map.of());
    }

    SpeakerNamer NONE = (centroids, seconds) -> Map.of();
}
