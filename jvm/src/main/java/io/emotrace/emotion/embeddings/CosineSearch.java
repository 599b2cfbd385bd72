package io.emotrace.emotion.embeddings;

import io.emotrace.EmotraceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Exact cosine-similarity search over an {@link EmbeddingSet} (a linear scan: folders hold thousands, not millions). */
public final class CosineSearch {
    public record Hit(String key, java.nio.file.Path file, double similarity) {
    }

    private CosineSearch() {
    }

    public static List<Hit> top(float[] query, EmbeddingSet set, int k) throws EmotraceException {
        if (query.length != set.dim()) {
            throw new EmotraceException("embeddings.dim", "query has D=" + query.length + ", the folder D=" + set.dim());
        }
        List<Hit> hits = new ArrayList<>(set.size());
        for (EmbeddingSet.Item it : set.items()) {
            hits.add(new Hit(it.key(), it.file(), VectorMath.cosine(query, it.vector())));
        }
        hits.sort(Comparator.comparingDouble(Hit::similarity).reversed().thenComparing(Hit::key));
        return hits.subList(0, Math.min(k, hits.size()));
    }
}
