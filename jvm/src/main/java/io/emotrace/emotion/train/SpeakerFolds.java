package io.emotrace.emotion.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Speaker-independent k-fold split, per corpus: speakers sorted by utterance count (descending, then id) go
 * one by one to the fold with the fewest utterances of that corpus so far. With 4 folds, CASIA's 4 speakers
 * give leave-one-speaker-out; RAVDESS's 24 actors give 6 per fold. Deterministic, no randomness.
 */
public final class SpeakerFolds {
    private SpeakerFolds() {
    }

    /** speaker -> fold index in [0, k). */
    public static Map<String, Integer> assign(List<Sample> samples, int k) {
        Map<String, Map<String, Integer>> countsByCorpus = new TreeMap<>();
        for (Sample s : samples) {
            countsByCorpus.computeIfAbsent(s.corpus(), c -> new TreeMap<>()).merge(s.speaker(), 1, Integer::sum);
        }
        Map<String, Integer> fold = new LinkedHashMap<>();
        for (Map<String, Integer> counts : countsByCorpus.values()) {
            List<Map.Entry<String, Integer>> speakers = new ArrayList<>(counts.entrySet());
            speakers.sort(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
            int[] load = new int[k];
            int[] members = new int[k];
            for (Map.Entry<String, Integer> e : speakers) {
                int best = 0;
                for (int f = 1; f < k; f++) {
                    if (load[f] < load[best] || (load[f] == load[best] && members[f] < members[best])) {
                        best = f;
                    }
                }
                load[best] += e.getValue();
                members[best]++;
                fold.put(e.getKey(), best);
            }
        }
        return fold;
    }
}
