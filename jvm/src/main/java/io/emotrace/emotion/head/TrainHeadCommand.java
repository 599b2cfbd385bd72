package io.emotrace.emotion.head;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliCommand;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embeddings.EmbeddingSet;
import io.emotrace.emotion.embeddings.LabelsCsv;
import io.emotrace.emotion.train.ClassMetrics;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./emotrace train head --embeddings DIR --labels CSV --out FILE}. */
@Command(name = "head", mixinStandardHelpOptions = true,
        description = {"Train a small MLP classifier head (< 50K parameters) on utterance embeddings and a file,label CSV,",
                "for a new language or domain; use it with 'emotion --model M --head FILE'. Embeddings come from",
                "'emotion DIR --embeddings --model M' (same M later). --eval-labels scores it on held-out files and",
                "compares with the model's own head (read from the emotion.json beside each embedding)."})
public final class TrainHeadCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--embeddings", required = true, paramLabel = "DIR", description = "folder of .npy embeddings")
    Path embeddings;

    @Option(names = "--labels", required = true, paramLabel = "CSV", description = "training labels: file,label")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "head file to write (JSON, "
            + MlpHead.FORMAT + ")")
    Path out;

    @Option(names = "--epochs", defaultValue = "200", description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--hidden", defaultValue = "0", description = "hidden units; 0 = as many as fit 50K parameters, at most 64")
    int hidden;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--eval-labels", paramLabel = "CSV", description = "held-out labels to evaluate on")
    Path evalLabels;

    @Option(names = "--eval-embeddings", paramLabel = "DIR", description = "held-out embeddings (default: --embeddings)")
    Path evalEmbeddings;

    @Option(names = "--metrics", paramLabel = "FILE", description = "write the evaluation as JSON")
    Path metrics;

    @Spec
    CommandSpec spec;

    @Override
    public String parent() {
        return "train";
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            EmbeddingSet set = EmbeddingSet.load(embeddings);
            Map<String, String> matched = LabelsCsv.read(labels).match(set);
            if (matched.isEmpty()) {
                err.println("emotrace train head: no embedding in " + embeddings + " matches a file in " + labels);
                return 1;
            }
            List<float[]> xs = new ArrayList<>();
            List<Emotion> ys = new ArrayList<>();
            for (EmbeddingSet.Item it : set.items()) {
                String l = matched.get(it.key());
                if (l != null) {
                    xs.add(it.vector());
                    ys.add(HeadEvaluation.label(l));
                }
            }
            Map<String, Object> prov = new LinkedHashMap<>();
            prov.put("embeddings", embeddings.toString());
            prov.put("labels", labels.toString());
            prov.put("command", "emotrace train head " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            long t0 = System.nanoTime();
            HeadTrainer.Trained t;
            try {
                t = HeadTrainer.train(xs.toArray(new float[0][]), ys.toArray(new Emotion[0]),
                        HeadTrainer.Config.defaults().withEpochs(epochs).withHidden(hidden).withSeed(seed), prov);
            } catch (IllegalArgumentException e) {
                err.println("emotrace train head: " + e.getMessage());
                return 2;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            t.head().save(out);
            o.printf(Locale.ROOT, "trained on %d embeddings (D=%d, %d of %d labels matched), classes %s%n", xs.size(),
                    set.dim(), matched.size(), LabelsCsv.read(labels).size(), java.util.Arrays.toString(t.head().classes()));
            o.printf(Locale.ROOT, "head: %d parameters, %d epochs in %.1f s, loss %.4f -> %.4f, train accuracy %.3f%n",
                    t.head().parameters(), epochs, secs, t.loss()[0], t.loss()[t.loss().length - 1], t.trainAccuracy());
            o.println("wrote " + out);
            if (evalLabels != null) {
                EmbeddingSet evalSet = evalEmbeddings == null ? set : EmbeddingSet.load(evalEmbeddings);
                HeadEvaluation.Report r = HeadEvaluation.evaluate(t.head(), evalSet,
                        LabelsCsv.read(evalLabels).match(evalSet));
                print(o, "trained head", r.trained());
                if (r.defaultHead() != null) {
                    print(o, "default head", r.defaultHead());
                } else {
                    o.println("default head: no emotion.json beside the held-out embeddings; run 'emotion --embeddings' to get them");
                }
                if (metrics != null) {
                    AtomicFiles.write(metrics, ResultJson.mapper().writeValueAsBytes(r.json()));
                    o.println("wrote " + metrics);
                }
            }
            o.flush();
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace train head: error " + e.describe());
            return 1;
        } catch (IOException e) {
            err.println("emotrace train head: error [head.write] " + e.getMessage());
            return 1;
        }
    }

    private static void print(PrintWriter o, String what, ClassMetrics m) {
        o.printf(Locale.ROOT, "%s on %d held-out: UA %.3f  WA %.3f  macro-F1 %.3f%n", what, m.total(), m.ua(), m.wa(),
                m.macroF1());
        o.println("  confusion (rows truth, cols predicted) " + m.classes().stream().map(Emotion::english).toList());
        int[][] c = m.confusion();
        for (int i = 0; i < c.length; i++) {
            o.printf(Locale.ROOT, "  %-10s %s%n", m.classes().get(i).english(), java.util.Arrays.toString(c[i]));
        }
    }
}
