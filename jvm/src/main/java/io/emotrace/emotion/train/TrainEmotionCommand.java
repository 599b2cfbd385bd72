package io.emotrace.emotion.train;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.cli.CliCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./emotrace train emotion}: speaker k-fold evaluation, then the final embedded emotion model. */
@Command(name = "emotion", mixinStandardHelpOptions = true,
        description = "Train the embedded emotion model on RAVDESS, CASIA and URDU: speaker-independent k-fold "
                + "evaluation, then a final model on all speakers; writes model.pt, model.json, metrics.json, "
                + "data-manifest.json and TRAINING.md. Rerunning with the same --out resumes.")
public final class TrainEmotionCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--folds", description = "speaker folds for evaluation; 0 = final model only (default ${DEFAULT-VALUE})")
    int folds = 4;

    @Option(names = "--epochs", description = "epochs per model (default ${DEFAULT-VALUE})")
    int epochs = TrainConfig.defaults().epochs();

    @Option(names = "--out", description = "output folder (default ${DEFAULT-VALUE})")
    Path out = Path.of("models/trained/emotion-embedded");

    @Option(names = "--exclude-corpus", description = "leave a corpus out (ravdess, casia, urdu); repeatable")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})")
    long seed = TrainConfig.defaults().seed();

    @Option(names = "--data", description = "folder with the corpora (default: $EMOTRACE_SHARED/data)")
    Path data;

    @Option(names = "--threads", description = "LibTorch threads (default ${DEFAULT-VALUE})")
    int threads = TrainConfig.defaults().threads();

    @Option(names = "--channels", description = "CNN width (default ${DEFAULT-VALUE})")
    int channels = TrainConfig.defaults().channels();

    @Option(names = "--crop-seconds", description = "training crop length (default ${DEFAULT-VALUE})")
    double crop = TrainConfig.defaults().cropSeconds();

    @Option(names = "--lr", description = "peak learning rate (default ${DEFAULT-VALUE})")
    double lr = TrainConfig.defaults().lr();

    @Option(names = "--blocks", description = "residual dilated blocks (default ${DEFAULT-VALUE})")
    int blocks = TrainConfig.defaults().blocks();

    @Option(names = "--emb-dim", description = "frame embedding size (default ${DEFAULT-VALUE})")
    int embDim = TrainConfig.defaults().embDim();

    @Option(names = "--dropout", description = "dropout (default ${DEFAULT-VALUE})")
    double dropout = TrainConfig.defaults().dropout();

    @Option(names = "--mixup", description = "share of batches trained as mixup (default ${DEFAULT-VALUE})")
    double mixup = TrainConfig.defaults().mixup();

    @Option(names = "--freq-warp", description = "vocal-tract-length augmentation: largest mel-axis stretch, e.g. 0.1 (default ${DEFAULT-VALUE})")
    double freqWarp = TrainConfig.defaults().freqWarp();

    @Option(names = "--only-fold", split = ",", description = "quick experiment: train and evaluate these folds only, no final model")
    List<Integer> onlyFolds = new ArrayList<>();

    @Option(names = "--speaker-norm", description = "experiment: remove each speaker's per-bin mean (unsupervised; not used by the runtime)")
    boolean speakerNorm;

    @Option(names = "--limit-per-speaker", description = "smoke runs: at most this many clips per speaker (0 = all)")
    int limit = 0;

    @Option(names = "--cache", description = "feature cache folder (default ~/.cache/emotrace/features)")
    Path cache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String parent() {
        return "train";
    }

    @Override
    public Integer call() {
        TreeSet<String> excluded = new TreeSet<>();
        for (String c : exclude) {
            String s = c.toLowerCase(Locale.ROOT).strip();
            if (!io.emotrace.emotion.embedded.CorpusLabels.CORPORA.contains(s)) {
                System.err.println("train emotion: unknown corpus '" + c + "' (ravdess, casia, urdu)");
                return 2;
            }
            excluded.add(s);
        }
        if (folds < 0 || folds == 1 || epochs < 1 || threads < 1 || channels < 8 || crop < 0.5 || limit < 0
                || blocks < 1 || embDim < 8 || mixup < 0 || mixup > 1 || freqWarp < 0 || freqWarp > 0.3
                || onlyFolds.stream().anyMatch(k -> k < 0 || k >= folds)) {
            System.err.println("train emotion: --folds 0 or >= 2, --epochs/--threads >= 1, --channels >= 8, --crop-seconds >= 0.5, "
                    + "--blocks >= 1, --emb-dim >= 8, --mixup in [0, 1], --freq-warp in [0, 0.3], --only-fold in [0, --folds)");
            return 2;
        }
        TrainConfig d = TrainConfig.defaults();
        TrainConfig cfg = new TrainConfig(epochs, d.batch(), crop, lr, d.weightDecay(), d.labelSmoothing(),
                d.frameLossWeight(), dropout, channels, embDim, seed, threads, blocks, mixup, freqWarp);
        String cmd = "./emotrace " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        var opt = new EmotionTrainingRun.Options(data != null ? data : SharedData.root().resolve("data"), out, folds,
                excluded, cfg, cache != null ? cache : FeatureCache.defaultDir(), limit, cmd.strip(), new TreeSet<>(onlyFolds), speakerNorm);
        try {
            java.nio.file.Files.createDirectories(out);
            new EmotionTrainingRun(opt, System.out).run();
            return 0;
        } catch (EmotraceException e) {
            System.err.println("train emotion: " + e.describe());
            return 1;
        } catch (java.io.IOException e) {
            System.err.println("train emotion: " + e.getMessage());
            return 1;
        }
    }
}
