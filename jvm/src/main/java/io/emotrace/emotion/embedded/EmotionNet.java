package io.emotrace.emotion.embedded;

import io.emotrace.domain.Emotion;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv1dImpl;
import org.bytedeco.pytorch.Conv1dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The embedded emotion network: a dilated residual 1-D CNN (TDNN-like) over 80-bin fbank at 100 frames/s.
 * The first convolution has stride 2, so frame embeddings come out at 50 frames/s (Emotion2Vec's rate); the
 * shipped model has 2 blocks of 64 channels (the previous one had 5 of 128, dilations 1-16, receptive field about
 * 1.3 s: it fitted its three training corpora better and unseen ones worse).
 * Utterance logits come from attentive mean+std pooling of the frame embeddings; a 1x1 frame head gives
 * per-frame logits (trained with the utterance label as a weak per-frame target).
 *
 * <p>Input {@code x} is (N, 80, T) prepared by {@link FbankPrep}. Outputs are logits over the 9
 * {@link Emotion} classes; callers mask the classes a corpus or the runtime does not use.
 */
public final class EmotionNet extends Module {
    public static final int CLASSES = Emotion.values().length;

    private final int bins;
    private final int channels;
    private final int embDim;
    private final BatchNorm1dImpl inNorm;
    private final Conv1dImpl conv1;
    private final BatchNorm1dImpl bn1;
    private final int blocks;
    private final Conv1dImpl[] blockConv;
    private final BatchNorm1dImpl[] blockBn;
    private final int[] dilation;
    private final Conv1dImpl conv4;
    private final BatchNorm1dImpl bn4;
    private final Conv1dImpl attHidden;
    private final Conv1dImpl attScore;
    private final LinearImpl fc1;
    private final BatchNorm1dImpl bn5;
    private final LinearImpl fc2;
    private final Conv1dImpl frameHead;

    /** The three outputs of one forward pass. */
    public record Output(Tensor frames, Tensor logits, Tensor frameLogits) {
    }

    /** The original two-block network (receptive field about 0.25 s). */
    public EmotionNet(int bins, int channels, int embDim) {
        this(bins, channels, embDim, 2);
    }

    /**
     * {@code blocks} residual dilated 3-tap convolutions after the stride-2 input layer. Two blocks use
     * dilations 2 and 3 (the first shipped model); more use 1, 2, 4, 8, 16, 1, ... so the receptive field
     * grows to about 1.3 s with five blocks (prosody spans syllables, not frames).
     */
    public EmotionNet(int bins, int channels, int embDim, int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be >= 1: " + blocks);
        }
        this.bins = bins;
        this.blocks = blocks;
        this.channels = channels;
        this.embDim = embDim;
        inNorm = register_module("in_norm", new BatchNorm1dImpl(new BatchNormOptions(bins)));
        conv1 = register_module("conv1", conv(bins, channels, 5, 2, 1));
        bn1 = register_module("bn1", new BatchNorm1dImpl(new BatchNormOptions(channels)));
        blockConv = new Conv1dImpl[blocks];
        blockBn = new BatchNorm1dImpl[blocks];
        dilation = dilations(blocks);
        for (int i = 0; i < blocks; i++) {
            // the first two keep the names of the two-block model so its weights still load
            String c = i < 2 ? "conv" + (i + 2) : "block" + i + "_conv";
            String n = i < 2 ? "bn" + (i + 2) : "block" + i + "_bn";
            blockConv[i] = register_module(c, conv(channels, channels, 3, 1, dilation[i]));
            blockBn[i] = register_module(n, new BatchNorm1dImpl(new BatchNormOptions(channels)));
        }
        conv4 = register_module("conv4", conv(channels, embDim, 1, 1, 1));
        bn4 = register_module("bn4", new BatchNorm1dImpl(new BatchNormOptions(embDim)));
        attHidden = register_module("att_hidden", conv(embDim, 64, 1, 1, 1));
        attScore = register_module("att_score", conv(64, 1, 1, 1, 1));
        fc1 = register_module("fc1", new LinearImpl(2L * embDim, 128));
        bn5 = register_module("bn5", new BatchNorm1dImpl(new BatchNormOptions(128)));
        fc2 = register_module("fc2", new LinearImpl(128, CLASSES));
        frameHead = register_module("frame_head", conv(embDim, CLASSES, 1, 1, 1));
    }

    private static Conv1dImpl conv(int in, int out, int kernel, int stride, int dilation) {
        Conv1dOptions o = new Conv1dOptions(in, out, new LongPointer(1).put(0, kernel));
        o.stride().put(0, stride);
        o.dilation().put(0, dilation);
        return new Conv1dImpl(o);
    }

    static int[] dilations(int blocks) {
        if (blocks == 2) {
            return new int[] {2, 3};
        }
        int[] d = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            d[i] = 1 << (i % 5);
        }
        return d;
    }

    public int blocks() {
        return blocks;
    }

    public int bins() {
        return bins;
    }

    public int channels() {
        return channels;
    }

    public int embDim() {
        return embDim;
    }

    /** Frames out for {@code t} fbank frames in: 'same' padding everywhere, stride 2 once. */
    public static int outputFrames(int t) {
        return (t + 1) / 2;
    }

    /** Shortest fbank input the network accepts (the 5-tap first layer with its padding needs 1 frame). */
    public static final int MIN_INPUT_FRAMES = 2;

    public Output forward(Tensor x, double dropout) {
        return forward(x, dropout, (EstimatedNorms) null);
    }

    /**
     * With {@code norms}: each batch-norm layer normalises with statistics estimated on other clips ({@link EstimatedNorms})
     * instead of its own. Null: the layers' own statistics, as trained. Call inside a pointer scope (the statistics' tensors are
     * made per call).
     */
    public Output forward(Tensor x, double dropout, EstimatedNorms norms) {
        if (norms != null && norms.layers() != 4 + blocks) { // in, first, one per block, frames, pooled: normLayers()
            throw new IllegalArgumentException("statistics of " + norms.layers() + " layers for a network of "
                    + (4 + blocks));
        }
        return forward(x, dropout, (i, bn, h) -> norms == null ? bn.forward(h) : torch.batch_norm(h, optional(bn.weight()),
                optional(bn.bias()), optional(norms.mean(i, h)), optional(norms.var(i, h)), false, 0.0,
                bn.options().eps().get(), false));
    }

    /**
     * One batch of {@link EstimatedNorms#estimate}: each layer normalises with the batch's statistics and moves the
     * estimation's running ones toward them, so that they end as the mean over the batches.
     */
    Output forwardEstimating(Tensor x, EstimatedNorms.Estimation e) {
        return forward(x, 0, (i, bn, h) -> torch.batch_norm(h, optional(bn.weight()), optional(bn.bias()),
                optional(e.mean(i)), optional(e.var(i)), true, e.momentum(), bn.options().eps().get(), false));
    }

    /** Layer {@code i} of {@link #normLayers()} applied to {@code h}. */
    private interface Norm {
        Tensor apply(int i, BatchNorm1dImpl bn, Tensor h);
    }

    private static org.bytedeco.pytorch.TensorOptional optional(Tensor t) {
        return new org.bytedeco.pytorch.TensorOptional(t);
    }

    private Output forward(Tensor x, double dropout, Norm norm) {
        Tensor h = norm.apply(0, inNorm, x);
        h = norm.apply(1, bn1, conv1.forward(torch.constant_pad_nd(h, 2, 2))).relu();
        for (int i = 0; i < blocks; i++) {
            long d = dilation[i];
            h = h.add(norm.apply(2 + i, blockBn[i], blockConv[i].forward(torch.constant_pad_nd(h, d, d))).relu());
        }
        Tensor frames = norm.apply(2 + blocks, bn4, conv4.forward(h)).relu(); // (N, D, T')
        // attention weights over time, one per frame
        Tensor w = attScore.forward(attHidden.forward(frames).tanh()).softmax(2); // (N, 1, T')
        Tensor mean = frames.mul(w).sum(new long[] {2}, false, new ScalarTypeOptional());
        Tensor sq = frames.mul(frames).mul(w).sum(new long[] {2}, false, new ScalarTypeOptional());
        Tensor std = sq.sub(mean.mul(mean)).clamp_min(new org.bytedeco.pytorch.Scalar(1e-5)).sqrt();
        Tensor pooled = torch.cat(new org.bytedeco.pytorch.TensorVector(mean, std), 1);
        Tensor z = norm.apply(3 + blocks, bn5, fc1.forward(pooled)).relu();
        z = torch.dropout(z, dropout, is_training());
        Tensor logits = fc2.forward(z);
        Tensor frameLogits = frameHead.forward(torch.dropout(frames, dropout, is_training())); // (N, 9, T')
        return new Output(frames, logits, frameLogits);
    }

    /** Every batch-norm layer, input to output: the order of {@link EstimatedNorms}' statistics. */
    java.util.List<BatchNorm1dImpl> normLayers() {
        java.util.List<BatchNorm1dImpl> all = new java.util.ArrayList<>();
        all.add(inNorm);
        all.add(bn1);
        all.addAll(java.util.List.of(blockBn));
        all.add(bn4);
        all.add(bn5);
        return all;
    }

    /** Frees every layer's native module with this network, not when the garbage collector gets to them. */
    @Override
    public void close() {
        io.emotrace.runtime.TorchModules.closeFields(this);
        super.close();
    }
}
