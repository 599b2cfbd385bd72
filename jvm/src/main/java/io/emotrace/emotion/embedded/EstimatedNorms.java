package io.emotrace.emotion.embedded;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The emotion network's batch-norm statistics re-estimated on a set of unlabelled clips (test-time adaptation, AdaBN:
 * Li et al. 2016). The layers' means and variances are those of the training corpora; audio in another language, channel
 * or room moves them. Leave-one-corpus-out measures what statistics of the held-out audio are worth ({@code bench emotion
 * --loco --adapt-norms}, docs/emotion.md): a little when they come from many recordings, nothing from one recording's
 * few voices. The runtime does not use them. No label is read.
 *
 * <p>{@link #estimate} runs the clips through the network in batches of similar length, each batch normalised by its own
 * statistics, and keeps each layer's mean of the batches' statistics; a forward pass given these norms then normalises
 * with them ({@link EmotionNet#forward(Tensor, double, EstimatedNorms)}). A plain value (a few hundred floats per layer),
 * immutable once estimated, safe to share between threads; nothing to close.
 */
public final class EstimatedNorms {
    /** Clips per estimation batch: the pooled layer's statistics need more than one clip. */
    public static final int BATCH = 8;

    /** One clip as the network reads it: speech rows after the speaker's normalisation, row-major {@code [frames][bins]}. */
    public record Input(float[] rows, int frames) {
    }

    private final float[][] mean;
    private final float[][] var;
    private final int batches;
    private final int clips;

    private EstimatedNorms(float[][] mean, float[][] var, int batches, int clips) {
        this.mean = mean;
        this.var = var;
        this.batches = batches;
        this.clips = clips;
    }

    /**
     * The statistics of {@code clips} under {@code net} ({@code place} moves an input tensor where the network runs).
     * Null when fewer than two clips have at least {@link EmotionNet#MIN_INPUT_FRAMES} frames: too few to estimate.
     */
    public static EstimatedNorms estimate(EmotionNet net, List<Input> clips, int bins, UnaryOperator<Tensor> place) {
        List<List<Input>> batches = batches(clips);
        if (batches.isEmpty()) {
            return null;
        }
        try (Estimation e = new Estimation(net)) {
            for (List<Input> batch : batches) {
                e.add(net, batch, bins, place);
            }
            return e.result(batches.stream().mapToInt(List::size).sum());
        }
    }

    /**
     * The clips of at least {@link EmotionNet#MIN_INPUT_FRAMES} frames sorted by length, in batches of {@link #BATCH}
     * (the last one taking a lone remainder: a batch of one has no spread in the pooled layer); none for fewer than two.
     */
    static List<List<Input>> batches(List<Input> clips) {
        List<Input> sorted = new ArrayList<>();
        for (Input c : clips) {
            if (c.frames() >= EmotionNet.MIN_INPUT_FRAMES) {
                sorted.add(c);
            }
        }
        List<List<Input>> out = new ArrayList<>();
        if (sorted.size() < 2) {
            return out;
        }
        sorted.sort(Comparator.comparingInt(Input::frames));
        int from = 0;
        while (from < sorted.size()) {
            int to = Math.min(sorted.size(), from + BATCH);
            if (sorted.size() - to < 2) {
                to = sorted.size();
            }
            out.add(sorted.subList(from, to));
            from = to;
        }
        return out;
    }

    /** A batch as the network's input, {@code (N, bins, T)}: every clip cropped (centred) to the batch's shortest. */
    static Tensor input(List<Input> batch, int bins) {
        int frames = batch.get(0).frames();
        float[] x = new float[batch.size() * bins * frames];
        for (int b = 0; b < batch.size(); b++) {
            Input c = batch.get(b);
            int start = (c.frames() - frames) / 2;
            float[] crop = java.util.Arrays.copyOfRange(c.rows(), start * bins, (start + frames) * bins);
            System.arraycopy(FbankPrep.toChannels(crop, frames, bins), 0, x, b * bins * frames, bins * frames);
        }
        return torch.from_blob(new FloatPointer(x), batch.size(), bins, frames);
    }

    /** Batches the statistics were averaged over. */
    public int batches() {
        return batches;
    }

    /** Clips they were estimated on. */
    public int clips() {
        return clips;
    }

    int layers() {
        return mean.length;
    }

    /** Layer {@code i}'s mean, as a tensor beside {@code like} (created in the caller's pointer scope). */
    Tensor mean(int i, Tensor like) {
        return tensor(mean[i], like);
    }

    Tensor var(int i, Tensor like) {
        return tensor(var[i], like);
    }

    float[] meanValues(int i) {
        return mean[i].clone();
    }

    float[] varValues(int i) {
        return var[i].clone();
    }

    private static Tensor tensor(float[] v, Tensor like) {
        Tensor t = torch.from_blob(new FloatPointer(v), v.length);
        return like.is_cuda() ? t.to(like.device(), torch.ScalarType.Float) : t;
    }

    /** The running statistics while they are estimated: copies of the network's, updated in place by LibTorch. */
    static final class Estimation implements AutoCloseable {
        private final Tensor[] mean;
        private final Tensor[] var;
        private int batches;

        Estimation(EmotionNet net) {
            List<BatchNorm1dImpl> layers = net.normLayers();
            mean = new Tensor[layers.size()];
            var = new Tensor[layers.size()];
            for (int i = 0; i < layers.size(); i++) {
                mean[i] = layers.get(i).running_mean().clone(); // the network's own are never written
                var[i] = layers.get(i).running_var().clone();
            }
        }

        /** One batch: its statistics normalise it and join the running means. */
        void add(EmotionNet net, List<Input> batch, int bins, UnaryOperator<Tensor> place) {
            try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
                net.forwardEstimating(place.apply(input(batch, bins)), this);
            }
            batches++;
        }

        Tensor mean(int i) {
            return mean[i];
        }

        Tensor var(int i) {
            return var[i];
        }

        /** The weight of the next batch in each running mean: 1 / (batches so far + 1), an average over all of them. */
        double momentum() {
            return 1.0 / (batches + 1);
        }

        private EstimatedNorms result(int clips) {
            float[][] m = new float[mean.length][];
            float[][] v = new float[var.length][];
            for (int i = 0; i < mean.length; i++) {
                m[i] = floats(mean[i]);
                v[i] = floats(var[i]);
            }
            return new EstimatedNorms(m, v, batches, clips);
        }

        private static float[] floats(Tensor t) {
            try (Tensor cpu = t.cpu(); Tensor c = cpu.contiguous()) {
                float[] out = new float[(int) c.numel()];
                c.data_ptr_float().capacity(out.length).get(out);
                return out;
            }
        }

        @Override
        public void close() {
            for (int i = 0; i < mean.length; i++) {
                mean[i].close();
                var[i].close();
            }
        }
    }
}
