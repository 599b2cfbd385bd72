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

    @Option(names = "--exclude-corpus", description = "leave a corpus out of --corpora; repeatable")
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

    @Option(names = "--feature-norm", description = "what is removed from each clip's fbank before the network: CLIP_LEVEL "
            + "(its mean level), CLIP_BINS (its per-bin mean), SPEAKER_BINS (the speaker's per-bin mean over all of that "
            + "speaker's clips, no labels; the runtime does the same per speaker of a recording) (default ${DEFAULT-VALUE})")
    io.emotrace.emotion.embedded.FeatureNorm featureNorm = io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS;

    @Option(names = "--prosody", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "the network also hears a pitch track (log-F0 and voicing per frame; the shipped recipe); the "
            + "model card records it and the runtime computes the same; --no-prosody: the fbank alone (default ${DEFAULT-VALUE})")
    boolean prosody = true;

    @Option(names = "--clip-norm-share", description = "with SPEAKER_BINS: share of training crops normalised by their "
            + "own clip's mean instead, so single clips without more of their voice are heard well too (default ${DEFAULT-VALUE})")
    double clipNormShare = TrainConfig.defaults().clipNormShare();

    @Option(names = "--corpus-adversarial", description = "largest weight of the corpus-adversarial term: a corpus "
            + "classifier on the network's features whose gradient is reversed (default ${DEFAULT-VALUE}: off)")
    double corpusAdversarial = TrainConfig.defaults().corpusAdversarial();

    @Option(names = "--corpora", split = ",", description = "labelled corpora to train on (default: all ten with the four "
            + "shared classes)")
    List<String> corpora = new ArrayList<>(io.emotrace.emotion.embedded.CorpusLabels.LOCO_CORPORA);

    @Option(names = "--temperature", description = "confidence temperature written into model.json (0 = none), e.g. the "
            + "'all folds pooled' T that bench emotion --loco fits on held-out corpora (default ${DEFAULT-VALUE})")
    double temperature = 0;

    @Option(names = "--other-below", description = "the other bound written into model.json, on the temperature-scaled "
            + "probabilities (default: calibrated on the speaker folds)")
    Double otherBelow;

    @Option(names = "--per-corpus", description = "clips drawn from each corpus per epoch, so large corpora do not drown "
            + "small ones; 0 = every clip once per epoch (default ${DEFAULT-VALUE})")
    int perCorpus = 400;

    @Option(names = "--limit-per-speaker", description = "smoke runs: at most this many clips per speaker (0 = all)")
    int limit = 0;

    @Option(names = "--cache", description = "feature cache folder (default ~/.cache/emotrace/features)")
    Path cache;

    @Option(names = "--voice-head", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also fit a linear head on the speaker network's statistics (less the speaker's mean), fused "
            + "with the CNN in every fold and in the final model (voice-head.json beside it; default ${DEFAULT-VALUE})")
    boolean voiceHead = true;

    @Option(names = "--fused-temperature", description = "with the voice head: the temperature of the fused answer "
            + "(voice-head.json), e.g. the cross-corpus fit of bench emotion --loco --voice-head (default 1 = none); "
            + "--temperature stays the network's own, used when the head cannot answer")
    double fusedTemperature = 1.0;

    @Option(names = "--fused-other-below", description = "with the voice head: the other bound of the fused answer "
            + "(default: the bound the within-corpus folds give)")
    Double fusedOtherBelow;

    @Option(names = "--telephone", description = "train the calls model: every clip heard through a telephone line "
            + "(300-3400 Hz, G.711 mu-law) for the network, its heads and the within-corpus figures; the runtime judges "
            + "telephone-band voices with it when it is shipped in trained/emotion-embedded-telephone/")
    boolean telephone;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String parent() {
        return "train";
    }

    @Override
    public Integer call() {
        TreeSet<String> excluded = new TreeSet<>();
        List<String> known = io.emotrace.emotion.embedded.CorpusLabels.LOCO_CORPORA;
        List<String> chosen = new ArrayList<>();
        for (String c : corpora) {
            chosen.add(c.toLowerCase(Locale.ROOT).strip());
        }
        for (String c : exclude) {
            excluded.add(c.toLowerCase(Locale.ROOT).strip());
        }
        for (String s : concat(chosen, excluded)) {
            if (!known.contains(s)) {
                System.err.println("train emotion: unknown corpus '" + s + "' (" + String.join(", ", known) + ")");
                return 2;
            }
        }
        if (clipNormShare < 0 || clipNormShare > 1) {
            System.err.println("train emotion: --clip-norm-share in [0, 1]");
            return 2;
        }
        if (perCorpus < 0 || temperature < 0 || (otherBelow != null && (otherBelow < 0 || otherBelow >= 1))
                || !(fusedTemperature > 0) || (fusedOtherBelow != null && (fusedOtherBelow < 0 || fusedOtherBelow >= 1))) {
            System.err.println("train emotion: --per-corpus >= 0, --temperature >= 0, --other-below in [0, 1), "
                    + "--fused-temperature > 0, --fused-other-below in [0, 1)");
            return 2;
        }
        boolean head = voiceHead && featureNorm == io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS;
        if (voiceHead && !head) {
            System.err.println("train emotion: no voice head (it reads statistics less the speaker's mean: SPEAKER_BINS only)");
        }
        if (folds < 0 || folds == 1 || epochs < 1 || threads < 1 || channels < 8 || crop < 0.5 || limit < 0
                || blocks < 1 || embDim < 8 || mixup < 0 || mixup > 1 || freqWarp < 0 || freqWarp > 0.3
                || !(corpusAdversarial >= 0 && corpusAdversarial <= 10)
                || onlyFolds.stream().anyMatch(k -> k < 0 || k >= folds)) {
            System.err.println("train emotion: --folds 0 or >= 2, --epochs/--threads >= 1, --channels >= 8, --crop-seconds >= 0.5, "
                    + "--blocks >= 1, --emb-dim >= 8, --mixup in [0, 1], --freq-warp in [0, 0.3], --only-fold in [0, --folds), "
                + "--corpus-adversarial in [0, 10]");
            return 2;
        }
        TrainConfig d = TrainConfig.defaults();
        TrainConfig cfg = new TrainConfig(epochs, d.batch(), crop, lr, d.weightDecay(), d.labelSmoothing(),
                d.frameLossWeight(), dropout, channels, embDim, seed, threads, blocks, mixup, freqWarp, clipNormShare,
                corpusAdversarial);
        String cmd = "./emotrace " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        var opt = new EmotionTrainingRun.Options(data != null ? data : SharedData.root().resolve("data"), out, folds,
                excluded, cfg, cache != null ? cache : FeatureCache.defaultDir(), limit, cmd.strip(), new TreeSet<>(onlyFolds),
                featureNorm, chosen, perCorpus, temperature, otherBelow == null ? Double.NaN : otherBelow, prosody,
                head, fusedTemperature, fusedOtherBelow == null ? Double.NaN : fusedOtherBelow, telephone);
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

    private static List<String> concat(List<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
