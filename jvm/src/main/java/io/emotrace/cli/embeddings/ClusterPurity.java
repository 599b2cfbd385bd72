package io.emotrace.cli.embeddings;

import io.emotrace.emotion.embeddings.EmbeddingSet;
import io.emotrace.emotion.embeddings.KMeans;
import java.util.HashMap;
import java.util.Map;

/** Cluster purity against reference labels. */
public final class ClusterPurity {
    private ClusterPurity() {
    }

    /** Share of labelled points whose label is the majority label of their cluster. */
    public static double purity(EmbeddingSet set, KMeans.Result km, Map<String, String> truth) {
        Map<Integer, Map<String, Integer>> counts = new HashMap<>();
        for (int i = 0; i < set.size(); i++) {
            String l = truth.get(set.items().get(i).key());
            if (l != null) {
                counts.computeIfAbsent(km.labels()[i], c -> new HashMap<>()).merge(l, 1, Integer::sum);
            }
        }
        int majority = 0;
        int total = 0;
        for (Map<String, Integer> m : counts.values()) {
            majority += m.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            total += m.values().stream().mapToInt(Integer::intValue).sum();
        }
        return total == 0 ? 0 : majority / (double) total;
    }
}
