package io.emotrace.emotion.embedded;

import io.emotrace.pipeline.Emotion;
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
 * The embedded emotion network: a small dilated 1-D CNN (TDNN-like) over 80-bin fbank at 100 frames/s.
 * The first convolution has stride 2, so frame embeddings come out at 50 frames/s (Emotion2Vec's rate).
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
    private final Conv1dImpl conv2;
    private final BatchNorm1dImpl bn2;
    private final Conv1dImpl conv3;
    private final BatchNorm1dImpl bn3;
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

    public EmotionNet(int bins, int channels, int embDim) {
        this.bins = bins;
        this.channels = channels;
        this.embDim = embDim;
        inNorm = register_module("in_norm", new BatchNorm1dImpl(new BatchNormOptions(bins)));
        conv1 = register_module("conv1", conv(bins, channels, 5, 2, 1));
        bn1 = register_module("bn1", new BatchNorm1dImpl(new BatchNormOptions(channels)));
        conv2 = register_module("conv2", conv(channels, channels, 3, 1, 2));
        bn2 = register_module("bn2", new BatchNorm1dImpl(new BatchNormOptions(channels)));
        conv3 = register_module("conv3", conv(channels, channels, 3, 1, 3));
        bn3 = register_module("bn3", new BatchNorm1dImpl(new BatchNormOptions(channels)));
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
        Tensor h = inNorm.forward(x);
        h = bn1.forward(conv1.forward(torch.constant_pad_nd(h, 2, 2))).relu();
        h = h.add(bn2.forward(conv2.forward(torch.constant_pad_nd(h, 2, 2))).relu());
        h = h.add(bn3.forward(conv3.forward(torch.constant_pad_nd(h, 3, 3))).relu());
        Tensor frames = bn4.forward(conv4.forward(h)).relu(); // (N, D, T')
        // attention weights over time, one per frame
        Tensor w = attScore.forward(attHidden.forward(frames).tanh()).softmax(2); // (N, 1, T')
        Tensor mean = frames.mul(w).sum(new long[] {2}, false, new ScalarTypeOptional());
        Tensor sq = frames.mul(frames).mul(w).sum(new long[] {2}, false, new ScalarTypeOptional());
        Tensor std = sq.sub(mean.mul(mean)).clamp_min(new org.bytedeco.pytorch.Scalar(1e-5)).sqrt();
        Tensor pooled = torch.cat(new org.bytedeco.pytorch.TensorVector(mean, std), 1);
        Tensor z = bn5.forward(fc1.forward(pooled)).relu();
        z = torch.dropout(z, dropout, is_training());
        Tensor logits = fc2.forward(z);
        Tensor frameLogits = frameHead.forward(torch.dropout(frames, dropout, is_training())); // (N, 9, T')
        return new Output(frames, logits, frameLogits);
    }
}
