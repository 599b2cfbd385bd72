package io.emotrace.emotion.train;

import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.emotion.embedded.FbankPrep;
import io.emotrace.runtime.LearningRate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The training loop of {@link EmotionNet} in LibTorch: AdamW, one warm-up epoch then cosine decay, a
 * label-smoothed cross-entropy whose softmax runs over the sample's corpus label set only (a URDU clip is
 * never pushed away from "disgusted", a class URDU does not label), every (corpus, class) pair weighted
 * equally, plus a weaker per-frame loss that trains the frame head. A checkpoint after every epoch lets an
 * interrupted run resume; epoch seeds (data order, augmentation, dropout) make resumed runs identical.
 */
public final class EmotionTrainer {
    private final TrainConfig cfg;
    private final PrintStream log;
    /** Balanced multi-corpus sampling: clips drawn per corpus per epoch; 0 = every clip once per epoch. */
    private final int perCorpusPerEpoch;

    public EmotionTrainer(TrainConfig cfg, PrintStream log) {
        this(cfg, log, 0);
    }

    /**
     * With {@code perCorpusPerEpoch} > 0 every epoch draws exactly that many clips from each corpus (a shuffled
     * pass, repeated for corpora with fewer clips), so large corpora neither dominate nor set the epoch time, and
     * the loss weights balance the classes within each corpus (every corpus then weighs the same).
     */
    public EmotionTrainer(TrainConfig cfg, PrintStream log, int perCorpusPerEpoch) {
        this(cfg, log, perCorpusPerEpoch, null);
    }

    private EmotionTrainer(TrainConfig cfg, PrintStream log, int perCorpusPerEpoch, Path encoder) {
        this.cfg = cfg;
        this.log = log;
        this.perCorpusPerEpoch = perCorpusPerEpoch;
        this.encoder = encoder;
    }

    /** Pretrained weights (written by {@link MaskedPretrainer}) that every fresh network starts from; null = none. */
    private final Path encoder;

    /** This trainer, its networks starting from the pretrained {@code encoder} file (null: from random weights). */
    public EmotionTrainer startingFrom(Path encoder) {
        return new EmotionTrainer(cfg, log, perCorpusPerEpoch, encoder);
    }

    /** Trains a fresh network on {@code train}; {@code ckptDir} (may be null) holds the resume checkpoint. */
    public EmotionNet train(List<Sample> train, int bins, Path ckptDir, long runSeed) throws IOException {
        return train(train, bins, ckptDir, runSeed, cfg.epochs());
    }

    /** As {@link #train(List, int, Path, long)} but stops after {@code stopAfter} epochs (as an interruption would). */
    EmotionNet train(List<Sample> train, int bins, Path ckptDir, long runSeed, int stopAfter) throws IOException {
        torch.set_num_threads(cfg.threads());
        torch.manual_seed(runSeed);
        EmotionNet net = new EmotionNet(bins, cfg.channels(), cfg.embDim(), cfg.blocks());
        if (encoder != null) {
            MaskedPretrainer.initialise(net, encoder); // a resumed checkpoint below replaces it
        }
        Map<String, List<Integer>> byCorpus = new java.util.TreeMap<>();
        for (int i = 0; i < train.size(); i++) {
            byCorpus.computeIfAbsent(train.get(i).corpus(), c -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> corpusIndex = new HashMap<>();
        for (String c : byCorpus.keySet()) {
            corpusIndex.put(c, corpusIndex.size());
        }
        CorpusAdversary adversary = cfg.corpusAdversarial() > 0 && byCorpus.size() > 1
                ? new CorpusAdversary(cfg.embDim(), byCorpus.size()) : null;
        TensorVector params = adversary == null ? net.parameters()
                : Optimisation.joined(net.parameters(), adversary.parameters());
        AdamWOptions opts = new AdamWOptions(cfg.lr());
        opts.weight_decay().put(cfg.weightDecay());
        AdamW optimizer = new AdamW(params, opts);
        float[] weights = perCorpusPerEpoch > 0 ? corpusBalancedWeights(train) : sampleWeights(train);
        int start = ckptDir == null ? 0 : resume(net, adversary, optimizer, ckptDir);
        int perEpoch = perCorpusPerEpoch > 0 ? perCorpusPerEpoch * byCorpus.size() : train.size();
        int steps = (perEpoch + cfg.batch() - 1) / cfg.batch();
        Adversarial adv = adversary == null ? null : new Adversarial(adversary, corpusIndex);
        for (int epoch = start; epoch < Math.min(stopAfter, cfg.epochs()); epoch++) {
            long t0 = System.nanoTime();
            net.train(true);
            Random rnd = new Random(runSeed * 1_000_003L + epoch);
            torch.manual_seed(runSeed * 7919L + epoch);
            List<Integer> order;
            if (perCorpusPerEpoch > 0) {
                order = balancedOrder(byCorpus, perCorpusPerEpoch, rnd);
            } else {
                order = new ArrayList<>();
                for (int i = 0; i < train.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, rnd);
            }
            double lossSum = 0;
            if (adv != null) {
                adv.lossSum = 0;
            }
            for (int s = 0; s < steps; s++) {
                LearningRate.set(optimizer, lrAt(epoch, s, steps));
                if (adv != null) {
                    adv.lambda = CorpusAdversary.lambda(cfg.corpusAdversarial(), (epoch + s / (double) steps) / cfg.epochs());
                }
                List<Integer> idx = order.subList(s * cfg.batch(), Math.min(order.size(), (s + 1) * cfg.batch()));
                lossSum += step(net, adv, optimizer, train, weights, idx, bins, rnd);
            }
            if (ckptDir != null) {
                checkpoint(net, adversary, optimizer, ckptDir, epoch + 1);
            }
            log.printf("  epoch %d/%d loss %.4f%s (%.1f s)%n", epoch + 1, cfg.epochs(), lossSum / steps,
                    adv == null ? "" : String.format(java.util.Locale.ROOT, ", corpus classifier %.3f (chance %.3f) at weight %.3f",
                            adv.lossSum / steps, Math.log(adversary.corpora()), adv.lambda),
                    (System.nanoTime() - t0) / 1e9);
        }
        net.eval();
        optimizer.close();
        if (adversary != null) {
            adversary.close();
        }
        return net;
    }

    /** The corpus adversary of one run, the corpus index of each training corpus and its current weight. */
    private static final class Adversarial {
        final CorpusAdversary module;
        final Map<String, Integer> corpusIndex;
        double lambda;
        double lossSum;

        Adversarial(CorpusAdversary module, Map<String, Integer> corpusIndex) {
            this.module = module;
            this.corpusIndex = corpusIndex;
        }
    }


    private double step(EmotionNet net, Adversarial adv, AdamW optimizer, List<Sample> train, float[] weights,
            List<Integer> idx, int bins, Random rnd) {
        int b = idx.size();
        int len = cfg.cropFrames();
        float[] x = new float[b * bins * len];
        float[] mask = new float[b * EmotionNet.CLASSES];
        float[] target = new float[b * EmotionNet.CLASSES];
        float[] w = new float[b];
        for (int i = 0; i < b; i++) {
            Sample s = train.get(idx.get(i));
            float[] crop = Augment.crop(s.fbank(), s.frames(), bins, len, rnd);
            if (cfg.clipNormShare() > 0 && rnd.nextDouble() < cfg.clipNormShare()) {
                // the clip heard alone: its own mean spectrum removed (the runtime's answer without a voice)
                io.emotrace.emotion.embedded.FeatureNorm.subtract(crop, len, bins,
                        io.emotrace.emotion.embedded.FeatureNorm.binMeans(s.fbank(), 0, s.frames(), bins));
            }
            if (cfg.freqWarp() > 0) {
                Augment.warpFrequency(crop, len, bins, cfg.freqWarp(), rnd);
            }
            System.arraycopy(FbankPrep.toChannels(crop, len, bins), 0, x, i * bins * len, bins * len);
            fillTarget(s, mask, target, i);
            w[i] = weights[idx.get(i)];
        }
        if (cfg.mixup() > 0 && b > 1 && rnd.nextDouble() < cfg.mixup()) {
            mix(x, mask, target, w, b, bins * len, rnd);
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor xt = torch.from_blob(new FloatPointer(x), b, bins, len);
            Tensor mt = torch.from_blob(new FloatPointer(mask), b, EmotionNet.CLASSES);
            Tensor tt = torch.from_blob(new FloatPointer(target), b, EmotionNet.CLASSES);
            Tensor wt = torch.from_blob(new FloatPointer(w), b);
            EmotionNet.Output o = net.forward(xt, cfg.dropout());
            Tensor utt = o.logits().add(mt).log_softmax(1).mul(tt).sum(new long[] {1}, false, new ScalarTypeOptional()).neg();
            Tensor frame = o.frameLogits().add(mt.unsqueeze(2)).log_softmax(1).mul(tt.unsqueeze(2))
                    .sum(new long[] {1}, false, new ScalarTypeOptional()).mean(new long[] {1}, false, new ScalarTypeOptional()).neg();
            Tensor perSample = utt.add(frame.mul(new Scalar(cfg.frameLossWeight())));
            Tensor loss = perSample.mul(wt).sum().div(wt.sum());
            if (adv != null) {
                float[] corpus = new float[b * adv.module.corpora()];
                for (int i = 0; i < b; i++) {
                    // mixup rows keep their dominant clip's corpus
                    corpus[i * adv.module.corpora() + adv.corpusIndex.get(train.get(idx.get(i)).corpus())] = 1;
                }
                Tensor ct = torch.from_blob(new FloatPointer(corpus), b, adv.module.corpora());
                Tensor advLoss = adv.module.loss(o.frames(), ct, adv.lambda);
                adv.lossSum += advLoss.item_float();
                loss = loss.add(advLoss);
            }
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss.item_float();
        }
    }

    /**
     * Mixup within the batch: row i becomes lam * row i + (1 - lam) * row j of a rotated copy, features
     * (log-mel), targets and weights alike, lam uniform in [0.5, 1) so row i stays the dominant clip; the logit
     * mask becomes the union of both rows' class sets.
     */
    private static void mix(float[] x, float[] mask, float[] target, float[] w, int b, int rowLen, Random rnd) {
        float[] x0 = x.clone();
        float[] m0 = mask.clone();
        float[] t0 = target.clone();
        float[] w0 = w.clone();
        int shift = 1 + rnd.nextInt(b - 1);
        int c = EmotionNet.CLASSES;
        for (int i = 0; i < b; i++) {
            int j = (i + shift) % b;
            float lam = (float) (0.5 + 0.5 * rnd.nextDouble());
            for (int k = 0; k < rowLen; k++) {
                x[i * rowLen + k] = lam * x0[i * rowLen + k] + (1 - lam) * x0[j * rowLen + k];
            }
            for (int k = 0; k < c; k++) {
                mask[i * c + k] = Math.max(m0[i * c + k], m0[j * c + k]);
                target[i * c + k] = lam * t0[i * c + k] + (1 - lam) * t0[j * c + k];
            }
            w[i] = lam * w0[i] + (1 - lam) * w0[j];
        }
    }

    /**
     * One epoch's order of sample indices: {@code perCorpus} drawn from each corpus ({@code byCorpus}: its samples'
     * indices) as a shuffled pass, repeated for corpora with fewer, then all shuffled together.
     */
    static List<Integer> balancedOrder(Map<String, List<Integer>> byCorpus, int perCorpus, Random rnd) {
        List<Integer> order = new ArrayList<>();
        for (List<Integer> members : byCorpus.values()) {
            List<Integer> pass = new ArrayList<>();
            while (pass.size() < perCorpus) {
                List<Integer> p = new ArrayList<>(members);
                Collections.shuffle(p, rnd);
                pass.addAll(p);
            }
            order.addAll(pass.subList(0, perCorpus));
        }
        Collections.shuffle(order, rnd);
        return order;
    }

    /** The learning rate of peak {@code peak} at {@code step} of {@code steps} in {@code epoch}: one warm-up epoch, then cosine. */
    static double rate(double peak, int epoch, int step, int steps, int epochs) {
        double progress = (epoch + step / (double) steps);
        if (progress < 1) {
            return peak * Math.max(0.05, progress);
        }
        double p = (progress - 1) / Math.max(1, epochs - 1);
        return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p)));
    }

    private void fillTarget(Sample s, float[] mask, float[] target, int row) {
        fillTarget(s, mask, target, row, cfg.labelSmoothing());
    }

    /** Label-smoothed ({@code eps}) target over the sample's corpus classes, and the logit mask of that set. */
    static void fillTarget(Sample s, float[] mask, float[] target, int row, double eps) {
        var allowed = CorpusLabels.classesOf(s.corpus());
        float[] m = CorpusLabels.logitMask(allowed);
        for (Emotion e : Emotion.values()) {
            int k = row * EmotionNet.CLASSES + e.ordinal();
            mask[k] = m[e.ordinal()];
            if (allowed.contains(e)) {
                target[k] = (float) (eps / allowed.size() + (e == s.label() ? 1 - eps : 0));
            }
        }
    }

    /** Every (corpus, class) pair gets the same total weight; mean weight 1. */
    static float[] sampleWeights(List<Sample> train) {
        Map<String, Integer> counts = new HashMap<>();
        for (Sample s : train) {
            counts.merge(s.corpus() + "/" + s.label(), 1, Integer::sum);
        }
        float[] w = new float[train.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            Sample s = train.get(i);
            w[i] = 1f / counts.get(s.corpus() + "/" + s.label());
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (w[i] * w.length / sum);
        }
        return w;
    }

    /** Classes balanced within each corpus: weight N_corpus / (classes_corpus x N_(corpus, class)); mean 1 per corpus. */
    static float[] corpusBalancedWeights(List<Sample> train) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, java.util.Set<Emotion>> classes = new HashMap<>();
        for (Sample s : train) {
            counts.merge(s.corpus() + "/" + s.label(), 1, Integer::sum);
            sizes.merge(s.corpus(), 1, Integer::sum);
            classes.computeIfAbsent(s.corpus(), c -> java.util.EnumSet.noneOf(Emotion.class)).add(s.label());
        }
        float[] w = new float[train.size()];
        for (int i = 0; i < w.length; i++) {
            Sample s = train.get(i);
            w[i] = (float) (sizes.get(s.corpus()) / (double) (classes.get(s.corpus()).size() * counts.get(s.corpus() + "/" + s.label())));
        }
        return w;
    }

    private double lrAt(int epoch, int step, int steps) {
        return rate(cfg.lr(), epoch, step, steps, cfg.epochs());
    }


    /** Logits over the 9 classes of each whole clip, the network in eval mode. */
    public static float[][] logits(EmotionNet net, List<Sample> samples, int bins) {
        return logits(net, samples, bins, null);
    }

    /** Utterance logits with batch-norm statistics estimated on a set of clips ({@code norms}; null: the network's own). */
    public static float[][] logits(EmotionNet net, List<Sample> samples, int bins,
            io.emotrace.emotion.embedded.EstimatedNorms norms) {
        return perSample(net, samples, bins, norms, o -> {
            float[] l = new float[EmotionNet.CLASSES];
            o.logits().contiguous().data_ptr_float().capacity(EmotionNet.CLASSES).get(l);
            return l;
        });
    }

    /** Utterance embeddings (the mean of the frame embeddings over the whole clip), one per sample. */
    public static float[][] embeddings(EmotionNet net, List<Sample> samples, int bins) {
        return perSample(net, samples, bins, null, o -> {
            Tensor m = o.frames().mean(new long[] {2}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).contiguous();
            float[] e = new float[(int) m.size(1)];
            m.data_ptr_float().capacity(e.length).get(e);
            return e;
        });
    }

    /** One eval-mode forward pass per sample; {@code read} copies what it needs out of the outputs inside their scope. */
    private static float[][] perSample(EmotionNet net, List<Sample> samples, int bins,
            io.emotrace.emotion.embedded.EstimatedNorms norms, java.util.function.Function<EmotionNet.Output, float[]> read) {
        net.eval();
        float[][] out = new float[samples.size()][];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            float[] x = FbankPrep.toChannels(s.fbank(), s.frames(), bins);
            try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
                out[i] = read.apply(net.forward(torch.from_blob(new FloatPointer(x), 1, bins, s.frames()), 0, norms));
            }
        }
        return out;
    }

    public static long parameterCount(EmotionNet net) {
        TensorVector p = net.parameters();
        long n = 0;
        for (long i = 0; i < p.size(); i++) {
            n += p.get(i).numel();
        }
        return n;
    }

    private static int resume(EmotionNet net, CorpusAdversary adversary, AdamW optimizer, Path dir) throws IOException {
        Path state = dir.resolve("checkpoint.txt");
        if (!Files.isRegularFile(state)) {
            return 0;
        }
        int epoch = Integer.parseInt(Files.readString(state, StandardCharsets.UTF_8).strip());
        try (InputArchive a = new InputArchive()) {
            a.load_from(dir.resolve("checkpoint-model.pt").toString());
            net.load(a);
        }
        if (adversary != null) {
            try (InputArchive a = new InputArchive()) {
                a.load_from(dir.resolve("checkpoint-adversary.pt").toString());
                adversary.load(a);
            }
        }
        try (InputArchive a = new InputArchive()) {
            a.load_from(dir.resolve("checkpoint-optim.pt").toString());
            optimizer.load(a);
        }
        return epoch;
    }

    private static void checkpoint(EmotionNet net, CorpusAdversary adversary, AdamW optimizer, Path dir, int epochsDone)
            throws IOException {
        Files.createDirectories(dir);
        try (OutputArchive a = new OutputArchive()) {
            net.save(a);
            a.save_to(dir.resolve("checkpoint-model.pt.tmp").toString());
        }
        if (adversary != null) {
            try (OutputArchive a = new OutputArchive()) {
                adversary.save(a);
                a.save_to(dir.resolve("checkpoint-adversary.pt.tmp").toString());
            }
        }
        try (OutputArchive a = new OutputArchive()) {
            optimizer.save(a);
            a.save_to(dir.resolve("checkpoint-optim.pt.tmp").toString());
        }
        // each file is replaced only once each is complete, the epoch count last
        Files.move(dir.resolve("checkpoint-model.pt.tmp"), dir.resolve("checkpoint-model.pt"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("checkpoint-optim.pt.tmp"), dir.resolve("checkpoint-optim.pt"), StandardCopyOption.REPLACE_EXISTING);
        if (adversary != null) {
            Files.move(dir.resolve("checkpoint-adversary.pt.tmp"), dir.resolve("checkpoint-adversary.pt"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path tmp = dir.resolve("checkpoint.txt.tmp");
        Files.writeString(tmp, Integer.toString(epochsDone), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("checkpoint.txt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
