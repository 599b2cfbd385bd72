package io.emotrace.cli.embeddings;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliCommand;
import io.emotrace.emotion.embeddings.EmbeddingSet;
import io.emotrace.emotion.embeddings.KMeans;
import io.emotrace.emotion.embeddings.LabelsCsv;
import io.emotrace.emotion.embeddings.Pca;
import io.emotrace.emotion.embeddings.ScatterPlot;
import io.emotrace.emotion.embeddings.VectorMath;
import io.emotrace.output.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./emotrace embeddings cluster DIR --k N [--plot out.svg|png]}. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"k-means (k-means++ seeding, best of several restarts) over the embeddings in DIR, with a 2-D PCA",
                "scatter plot. Embeddings are L2-normalised first (cosine geometry) unless --raw.",
                "With --labels CSV (file,label) it also reports how pure the clusters are."})
public final class EmbeddingsClusterCommand implements CliCommand, Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Option(names = "--k", required = true, paramLabel = "N", description = "number of clusters")
    int k;

    @Option(names = "--plot", paramLabel = "FILE", description = "write the PCA scatter plot (.svg or .png)")
    Path plot;

    @Option(names = "--csv", paramLabel = "FILE", description = "write key,cluster,pc1,pc2 per embedding")
    Path csv;

    @Option(names = "--labels", paramLabel = "CSV", description = "file,label CSV to measure cluster purity against")
    Path labels;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--restarts", defaultValue = "10", description = "k-means++ restarts (default ${DEFAULT-VALUE})")
    int restarts;

    @Option(names = "--raw", description = "cluster the raw vectors instead of L2-normalised ones")
    boolean raw;

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
        try {
            EmbeddingSet set = EmbeddingSet.load(dir);
            if (k < 1 || k > set.size()) {
                err.println("emotrace embeddings cluster: --k must be between 1 and " + set.size());
                return 2;
            }
            float[][] x = set.matrix();
            if (!raw) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = VectorMath.normalized(x[i]);
                }
            }
            KMeans.Result km = KMeans.fit(x, k, seed, restarts, 300);
            Pca.Result pca = Pca.fit(x, 2);
            out.printf(Locale.ROOT, "%d embeddings of D=%d from %s; k=%d, inertia %.4f, %d iterations%n", set.size(),
                    set.dim(), dir, k, km.inertia(), km.iterations());
            int[] sizes = km.sizes();
            Map<String, String> truth = labels == null ? Map.of() : LabelsCsv.read(labels).match(set);
            List<String> groupNames = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                String name = "cluster " + c + " (" + sizes[c] + ")";
                if (!truth.isEmpty()) {
                    Map<String, Integer> count = new TreeMap<>();
                    for (int i = 0; i < x.length; i++) {
                        String l = truth.get(set.items().get(i).key());
                        if (km.labels()[i] == c && l != null) {
                            count.merge(l, 1, Integer::sum);
                        }
                    }
                    out.printf(Locale.ROOT, "  cluster %d: %d  labels %s%n", c, sizes[c], count);
                } else {
                    out.printf(Locale.ROOT, "  cluster %d: %d%n", c, sizes[c]);
                }
                groupNames.add(name);
            }
            if (!truth.isEmpty()) {
                out.printf(Locale.ROOT, "purity %.3f over %d labelled embeddings%n", ClusterPurity.purity(set, km, truth), truth.size());
            }
            out.printf(Locale.ROOT, "PCA: PC1 %.1f%%, PC2 %.1f%% of the variance%n", 100 * pca.explained(0),
                    100 * pca.explained(1));
            List<ScatterPlot.Point> pts = new ArrayList<>();
            StringBuilder table = new StringBuilder("key,cluster,pc1,pc2\n");
            for (int i = 0; i < x.length; i++) {
                double[] p = pca.project(x[i]);
                String key = set.items().get(i).key();
                String l = truth.get(key);
                pts.add(new ScatterPlot.Point(p[0], p.length > 1 ? p[1] : 0, km.labels()[i], l == null ? key : key + " [" + l + "]"));
                table.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", csvField(key), km.labels()[i], p[0],
                        p.length > 1 ? p[1] : 0));
            }
            if (plot != null) {
                ScatterPlot.write(plot, "k-means, k=" + k + " (" + set.size() + " embeddings)",
                        String.format(Locale.ROOT, "PC1 (%.1f%%)", 100 * pca.explained(0)),
                        String.format(Locale.ROOT, "PC2 (%.1f%%)", 100 * pca.explained(1)), pts, groupNames);
                out.println("plot: " + plot);
            }
            if (csv != null) {
                AtomicFiles.write(csv, table.toString().getBytes(StandardCharsets.UTF_8));
                out.println("table: " + csv);
            }
            out.flush();
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace embeddings cluster: error " + e.describe());
            return 1;
        } catch (IOException e) {
            err.println("emotrace embeddings cluster: error [embeddings.write] " + e.getMessage());
            return 1;
        }
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
