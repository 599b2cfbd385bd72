package io.emotrace.cli.embeddings;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliCommand;
import io.emotrace.emotion.embeddings.CosineSearch;
import io.emotrace.emotion.embeddings.EmbeddingSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./emotrace embeddings search QUERY.npy DIR [--top K]}. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Cosine similarity search: the K embeddings in DIR (.npy, searched recursively) closest to QUERY.",
                "(T, D) frame embeddings count as their mean."})
public final class EmbeddingsSearchCommand implements CliCommand, Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QUERY.npy")
    Path query;

    @Parameters(index = "1", paramLabel = "DIR")
    Path dir;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "results to show (default ${DEFAULT-VALUE})")
    int top;

    @Spec
    CommandSpec spec;

    @Override
    public String parent() {
        return "embeddings";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (top < 1) {
            err.println("emotrace embeddings search: --top must be at least 1");
            return 2;
        }
        try {
            float[] q = EmbeddingSet.read(query);
            EmbeddingSet set = EmbeddingSet.load(dir);
            List<CosineSearch.Hit> hits = CosineSearch.top(q, set, top);
            out.printf(Locale.ROOT, "%d embeddings of D=%d in %s; top %d by cosine similarity to %s%n", set.size(),
                    set.dim(), dir, hits.size(), query);
            int rank = 1;
            for (CosineSearch.Hit h : hits) {
                out.printf(Locale.ROOT, "%3d  %8.5f  %s%n", rank++, h.similarity(), h.key());
            }
            out.flush();
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace embeddings search: error " + e.describe());
            return 1;
        }
    }
}
