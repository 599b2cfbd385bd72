package io.emotrace.emotion.embeddings;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.analysis.InputFiles;
import io.emotrace.output.NpyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Utterance embeddings read from a folder of {@code .npy} files (searched recursively): (1, D) or (D,) as they
 * are, (T, D) frame embeddings as their mean (FunASR's utterance embedding). A file called {@code embedding.npy}
 * is named by its folder (the layout {@code emotion --embeddings} writes), any other by its path without
 * {@code .npy}; {@code frame_scores.npy} files are skipped.
 */
public final class EmbeddingSet {
    /** One embedding and where it came from. */
    public record Item(String key, Path file, float[] vector) {
    }

    private final List<Item> items;
    private final int dim;

    private EmbeddingSet(List<Item> items, int dim) {
        this.items = List.copyOf(items);
        this.dim = dim;
    }

    public static EmbeddingSet load(Path dir) throws EmotraceException {
        if (!Files.isDirectory(dir)) {
            throw new EmotraceException("embeddings.input", "not a folder: " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".npy"))
                    .filter(p -> !p.getFileName().toString().equals("frame_scores.npy")).sorted().toList();
        } catch (IOException e) {
            throw new EmotraceException("embeddings.input", "cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Item> items = new ArrayList<>();
        int dim = -1;
        for (Path f : files) {
            float[] v = read(f);
            if (dim < 0) {
                dim = v.length;
            } else if (v.length != dim) {
                throw new EmotraceException("embeddings.dim", f + " has D=" + v.length + " but " + items.get(0).file()
                        + " has D=" + dim + "; one folder must hold embeddings of one model");
            }
            items.add(new Item(key(dir, f), f, v));
        }
        if (items.isEmpty()) {
            throw new EmotraceException("embeddings.empty", "no .npy embeddings under " + dir);
        }
        return new EmbeddingSet(items, dim);
    }

    public static EmbeddingSet of(List<Item> items) {
        return new EmbeddingSet(items, items.get(0).vector().length);
    }

    static String key(Path root, Path file) {
        Path rel = root.relativize(file);
        if (file.getFileName().toString().equals("embedding.npy")) {
            Path parent = rel.getParent();
            return parent == null ? "embedding" : parent.toString().replace('\\', '/');
        }
        return InputFiles.stem(rel.toString());
    }

    /** One embedding from a .npy file: (D,), (1, D), or the mean of the rows of (T, D). */
    public static float[] read(Path f) throws EmotraceException {
        NpyReader.Array a;
        try {
            a = NpyReader.read(f);
        } catch (IOException e) {
            throw new EmotraceException("embeddings.read", "cannot read " + f + ": " + e.getMessage(), e);
        }
        long[] s = a.shape();
        if (s.length == 1) {
            return a.data();
        }
        if (s.length != 2 || s[0] < 1 || s[1] < 1) {
            throw new EmotraceException("embeddings.shape", f + ": expected (D,), (1, D) or (T, D), got "
                    + Arrays.toString(s));
        }
        int t = (int) s[0];
        int d = (int) s[1];
        float[] mean = new float[d];
        for (int r = 0; r < t; r++) {
            for (int j = 0; j < d; j++) {
                mean[j] += a.data()[r * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= t;
        }
        return mean;
    }

    public List<Item> items() {
        return items;
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return items.size();
    }

    public float[][] matrix() {
        float[][] m = new float[items.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = items.get(i).vector();
        }
        return m;
    }
}
