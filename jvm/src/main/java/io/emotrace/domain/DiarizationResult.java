package io.emotrace.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who spoke when. {@code overlapping} keeps simultaneous speech (as in an RTTM reference); {@code exclusive}
 * assigns every instant to at most one speaker, which is what per-segment emotion and ASR consume.
 * {@code centroids} holds each speaker's voice embedding (L2-normalised mean of the diarizer's embeddings of that
 * speaker) so nothing has to embed the audio again; empty when the diarizer has none. {@code count}: how sure the
 * diarizer is of its speaker count; null when it does not say.
 */
public record DiarizationResult(List<SpeakerTurn> overlapping, List<SpeakerTurn> exclusive,
                                Map<String, float[]> centroids, SpeakerCountRange count) {
    public DiarizationResult(List<SpeakerTurn> overlapping, List<SpeakerTurn> exclusive, Map<String, float[]> centroids) {
        this(overlapping, exclusive, centroids, null);
    }

    public DiarizationResult {
        overlapping = List.copyOf(overlapping);
        exclusive = List.copyOf(exclusive);
        Map<String, float[]> c = new LinkedHashMap<>();
        centroids.forEach((k, v) -> c.put(k, v.clone()));
        centroids = java.util.Collections.unmodifiableMap(c);
    }

    public DiarizationResult(List<SpeakerTurn> overlapping, List<SpeakerTurn> exclusive) {
        this(overlapping, exclusive, Map.of());
    }

    /** Speaker ids in order of first appearance. */
    public List<String> speakers() {
        return List.copyOf(firstAppearance().keySet());
    }

    /** The same turns with ids renamed S1, S2, ... in order of first appearance (the project's convention). */
    public DiarizationResult withCanonicalIds() {
        Map<String, String> ids = firstAppearance();
        Map<String, float[]> c = new LinkedHashMap<>();
        ids.forEach((old, id) -> {
            if (centroids.containsKey(old)) {
                c.put(id, centroids.get(old));
            }
        });
        return new DiarizationResult(rename(overlapping, ids), rename(exclusive, ids), c, count);
    }

    private Map<String, String> firstAppearance() {
        List<SpeakerTurn> all = new ArrayList<>(overlapping);
        all.addAll(exclusive);
        all.sort(Comparator.comparingDouble(SpeakerTurn::start));
        Map<String, String> ids = new LinkedHashMap<>();
        for (SpeakerTurn t : all) {
            ids.computeIfAbsent(t.speaker(), k -> "S" + (ids.size() + 1));
        }
        return ids;
    }

    private static List<SpeakerTurn> rename(List<SpeakerTurn> turns, Map<String, String> ids) {
        return turns.stream()
                .map(t -> t.renamed(ids.get(t.speaker())))
                .sorted(Comparator.comparingDouble(SpeakerTurn::start))
                .toList();
    }
}
