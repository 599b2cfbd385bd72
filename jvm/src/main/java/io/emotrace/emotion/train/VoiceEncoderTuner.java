package io.emotrace.emotion.train;

import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.runtime.LearningRate;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Fine-tunes a {@link TrainableVoiceEncoder} (the speaker network) on emotion labels: its pooled statistics of each
 * clip's speaker-normalised log-mel frames (the fbank part of the rows the CNN reads), batch-normalised, through a
 * linear classifier over the 9 classes; the loss of {@link EmotionTrainer} (softmax over the clip's corpus classes,
 * label smoothing, classes balanced within each corpus, every corpus drawn alike), the encoder at a lower rate than
 * the new classifier. The speaker network learnt ~1 750 voices; the linear voice head on its frozen statistics
 * already transfers across corpora, and this asks whether letting the network move toward emotion transfers more.
 */
final class VoiceEncoderTuner {
    /** The tuning recipe. */
    record Recipe(int epochs, int perCorpus, int batch, int cropFrames, double encoderLr, double headLr,
            double weightDecay, double labelSmoothing, double dropout, double freqWarp, long seed, int threads,
            int speakerGroup, boolean clipMean) {
        static Recipe defaults() {
            return new Recipe(8, 400, 32, 200, 3e-4, 2e-3, 1e-4, 0.1, 0.3, 0.1, 11, 1, 0, false);
        }
    }

    /** Batch norm, dropout and a linear layer over the encoder's pooled statistics. */
    static final class Classifier extends Module {
        final BatchNorm1dImpl norm;
        final LinearImpl out;

        Classifier(int dim) {
            super("EmotionClassifier");
            norm = register_module("norm", new BatchNorm1dImpl(new BatchNormOptions(dim)));
            out = register_module("out", new LinearImpl(dim, EmotionNet.CLASSES));
        }

        Tensor forward(Tensor pooled, double dropout, boolean training) {
            Tensor x = norm.forward(pooled);
            if (training && dropout > 0) {
                x = torch.dropout(x, dropout, true);
            }
            return out.forward(x);
        }

        @Override
        public void close() {
            io.emotrace.runtime.TorchModules.closeFields(this);
            super.close();
        }
    }

    private final Recipe r;
    private final PrintStream log;

    VoiceEncoderTuner(Recipe r, PrintStream log) {
        this.r = r;
        this.log = log;
    }

    /** The tuned encoder and its classifier; the caller closes both. */
    record Tuned(TrainableVoiceEncoder encoder, Classifier classifier) implements AutoCloseable {
        @Override
        public void close() {
            classifier.close();
            encoder.close();
        }
    }

    /** A fresh copy of the shipped encoder tuned on {@code train} (rows of {@code width} values per frame). */
    Tuned train(List<Sample> train, int width) throws io.emotrace.EmotraceException {
        torch.set_num_threads(r.threads());
        torch.manual_seed(r.seed());
        TrainableVoiceEncoder enc = TrainableVoiceEncoder.openDefault();
        Classifier head = null;
        try {
            head = new Classifier(enc.dim());
            return train(enc, head, train, width);
        } catch (RuntimeException | Error e) {
            if (head != null) {
                head.close();
            }
            enc.close();
            throw e;
        }
    }

    private Tuned train(TrainableVoiceEncoder enc, Classifier head, List<Sample> train, int width) {
        Map<String, List<Integer>> byCorpus = new TreeMap<>();
        for (int i = 0; i < train.size(); i++) {
            byCorpus.computeIfAbsent(train.get(i).corpus(), c -> new ArrayList<>()).add(i);
        }
        float[] weights = EmotionTrainer.corpusBalancedWeights(train);
        Map<String, List<Integer>> bySpeaker = new TreeMap<>();
        for (int i = 0; i < train.size(); i++) {
            bySpeaker.computeIfAbsent(train.get(i).speaker(), c -> new ArrayList<>()).add(i);
        }
        AdamWOptions eo = new AdamWOptions(r.encoderLr());
        eo.weight_decay().put(r.weightDecay());
        AdamWOptions ho = new AdamWOptions(r.headLr());
        ho.weight_decay().put(r.weightDecay());
        try (AdamW encOpt = new AdamW(enc.module().parameters(), eo);
                AdamW headOpt = new AdamW(head.parameters(), ho)) {
            tune(enc, head, encOpt, headOpt, train, width, byCorpus, bySpeaker, weights);
        }
        enc.module().train(false);
        head.train(false);
        return new Tuned(enc, head);
    }

    private void tune(TrainableVoiceEncoder enc, Classifier head, AdamW encOpt, AdamW headOpt, List<Sample> train,
            int width, Map<String, List<Integer>> byCorpus, Map<String, List<Integer>> bySpeaker, float[] weights) {
        int bins = enc.bins();
        int perEpoch = r.perCorpus() * byCorpus.size();
        int steps = (perEpoch + r.batch() - 1) / r.batch();
        for (int epoch = 0; epoch < r.epochs(); epoch++) {
            long t0 = System.nanoTime();
            enc.module().train(true);
            head.train(true);
            Random rnd = new Random(r.seed() * 1_000_003L + epoch);
            torch.manual_seed(r.seed() * 7919L + epoch);
            List<Integer> order = EmotionTrainer.balancedOrder(byCorpus, r.perCorpus(), rnd);
            double lossSum = 0;
            for (int s = 0; s < steps; s++) {
                LearningRate.set(encOpt, EmotionTrainer.rate(r.encoderLr(), epoch, s, steps, r.epochs()));
                LearningRate.set(headOpt, EmotionTrainer.rate(r.headLr(), epoch, s, steps, r.epochs()));
                List<Integer> idx = order.subList(s * r.batch(), Math.min(order.size(), (s + 1) * r.batch()));
                if (r.speakerGroup() > 1) {
                    // each anchor clip with g - 1 other clips of its speaker: the group's mean is removed in the forward
                    List<Integer> grouped = new ArrayList<>();
                    for (int a = 0; a < idx.size() / r.speakerGroup(); a++) {
                        int anchor = idx.get(a);
                        List<Integer> mates = bySpeaker.get(train.get(anchor).speaker());
                        grouped.add(anchor);
                        for (int k = 1; k < r.speakerGroup(); k++) {
                            grouped.add(mates.get(rnd.nextInt(mates.size())));
                        }
                    }
                    idx = grouped;
                }
                if (idx.isEmpty()) {
                    continue; // a last batch smaller than one group
                }
                lossSum += step(enc, head, encOpt, headOpt, train, weights, idx, width, bins, rnd);
            }
            log.printf(java.util.Locale.ROOT, "    tuning epoch %d/%d loss %.4f (%.1f s)%n", epoch + 1, r.epochs(),
                    lossSum / steps, (System.nanoTime() - t0) / 1e9);
        }
    }

    private double step(TrainableVoiceEncoder enc, Classifier head, AdamW encOpt, AdamW headOpt, List<Sample> train,
            float[] weights, List<Integer> idx, int width, int bins, Random rnd) {
        int b = idx.size();
        int len = r.cropFrames();
        float[] x = new float[b * len * bins];
        float[] mask = new float[b * EmotionNet.CLASSES];
        float[] target = new float[b * EmotionNet.CLASSES];
        float[] w = new float[b];
        for (int i = 0; i < b; i++) {
            Sample s = train.get(idx.get(i));
            float[] crop = Augment.crop(s.fbank(), s.frames(), width, len, rnd);
            if (r.freqWarp() > 0) {
                Augment.warpFrequency(crop, len, width, r.freqWarp(), rnd);
            }
            for (int t = 0; t < len; t++) {
                System.arraycopy(crop, t * width, x, (i * len + t) * bins, bins);
            }
            if (r.clipMean()) {
                lessOwnMean(x, i * len * bins, len, bins);
            }
            EmotionTrainer.fillTarget(s, mask, target, i, r.labelSmoothing());
            w[i] = weights[idx.get(i)];
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor xt = torch.from_blob(new FloatPointer(x), b, len, bins);
            Tensor mt = torch.from_blob(new FloatPointer(mask), b, EmotionNet.CLASSES);
            Tensor tt = torch.from_blob(new FloatPointer(target), b, EmotionNet.CLASSES);
            Tensor wt = torch.from_blob(new FloatPointer(w), b);
            Tensor pooled = enc.pooled(xt);
            if (r.speakerGroup() > 1) {
                long d = pooled.size(1);
                Tensor g = pooled.reshape(b / r.speakerGroup(), r.speakerGroup(), d);
                pooled = g.sub(g.mean(new long[] {1}, true, new ScalarTypeOptional())).reshape(b, d);
            }
            Tensor logits = head.forward(pooled, r.dropout(), true);
            Tensor perSample = logits.add(mt).log_softmax(1).mul(tt).sum(new long[] {1}, false, new ScalarTypeOptional()).neg();
            Tensor loss = perSample.mul(wt).sum().div(wt.sum());
            encOpt.zero_grad();
            headOpt.zero_grad();
            loss.backward();
            encOpt.step();
            headOpt.step();
            return loss.item_float();
        }
    }

    /**
     * The tuned network's logits over the 9 classes of each whole clip (eval mode); with {@code lessSpeakerMean} each
     * clip's pooled statistics less its speaker's mean over {@code samples} (a recipe trained on speaker groups).
     */
    static float[][] logits(Tuned t, List<Sample> samples, int width, boolean lessSpeakerMean, boolean clipMean) {
        float[][] pooled = pooled(t, samples, width, clipMean);
        if (lessSpeakerMean) {
            Map<String, List<float[]>> bySpeaker = new TreeMap<>();
            for (int i = 0; i < samples.size(); i++) {
                bySpeaker.computeIfAbsent(samples.get(i).speaker(), k -> new ArrayList<>()).add(pooled[i]);
            }
            Map<String, float[]> means = new TreeMap<>();
            bySpeaker.forEach((k, v) -> means.put(k, VoiceHeadFolds.mean(v)));
            for (int i = 0; i < samples.size(); i++) {
                pooled[i] = VoiceHeadFolds.minus(pooled[i], means.get(samples.get(i).speaker()));
            }
        }
        float[][] out = new float[samples.size()][];
        for (int i = 0; i < samples.size(); i++) {
            try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
                Tensor l = t.classifier().forward(torch.from_blob(new FloatPointer(pooled[i]), 1, pooled[i].length), 0,
                        false).contiguous();
                out[i] = new float[EmotionNet.CLASSES];
                l.data_ptr_float().capacity(EmotionNet.CLASSES).get(out[i]);
            }
        }
        return out;
    }

    /** The tuned network's pooled statistics of each whole clip (eval mode). */
    static float[][] pooled(Tuned t, List<Sample> samples, int width, boolean clipMean) {
        int bins = t.encoder().bins();
        float[][] out = new float[samples.size()][];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int frames = Math.max(s.frames(), MIN_FRAMES);
            float[] x = new float[frames * bins];
            for (int f = 0; f < frames; f++) {
                System.arraycopy(s.fbank(), (f % s.frames()) * width, x, f * bins, bins);
            }
            if (clipMean) {
                lessOwnMean(x, 0, frames, bins);
            }
            try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
                Tensor p = t.encoder().pooled(torch.from_blob(new FloatPointer(x), 1, frames, bins)).contiguous();
                out[i] = new float[(int) p.size(1)];
                p.data_ptr_float().capacity(out[i].length).get(out[i]);
            }
        }
        return out;
    }

    /** Removes the per-bin mean of {@code frames} frames at {@code at} (the speaker network's own normalisation). */
    static void lessOwnMean(float[] x, int at, int frames, int bins) {
        double[] m = new double[bins];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < bins; k++) {
                m[k] += x[at + f * bins + k];
            }
        }
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < bins; k++) {
                x[at + f * bins + k] -= (float) (m[k] / frames);
            }
        }
    }

    /** Clips shorter than this are tiled to it (as the voice statistics are). */
    static final int MIN_FRAMES = 50;
}
