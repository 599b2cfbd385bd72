package io.emotrace.diarization.embedding;

import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Compact ECAPA-style speaker network on 80-bin fbank, in LibTorch modules built from Java: a front TDNN layer,
 * SE-TDNN blocks with dilated convolutions and residuals, multi-layer feature aggregation, attentive statistics
 * pooling and a linear embedding layer. Input [B, T, bins] (mean-normalised fbank), output [B, embedDim]
 * (not normalised; the additive-margin loss and the embedders normalise).
 *
 * <p>Not thread-safe in training mode (batch-norm statistics); in eval mode under no-grad, forward only reads.
 */
public final class SpeakerNet extends Module {
    private final SpeakerNetConfig config;
    private final ConvBnRelu front;
    private final SeTdnnBlock[] blocks;
    private final ConvBnRelu mfa;
    private final AttentiveStatsPool pool;
    private final BatchNorm1dImpl poolNorm;
    private final LinearImpl embedding;
    private final BatchNorm1dImpl embeddingNorm;
    /** [bins, bins] smoothing of each frame across frequency ({@link SpeakerNetConfig#cepstra}), or null. */
    private final Tensor lifter;

    public SpeakerNet(SpeakerNetConfig c) {
        super("SpeakerNet");
        this.config = c;
        front = register_module("front", new ConvBnRelu(c.melBins(), c.channels(), 5, 1, c.frontStride()));
        int[] dil = c.dilations();
        blocks = new SeTdnnBlock[dil.length];
        for (int i = 0; i < dil.length; i++) {
            blocks[i] = register_module("block" + i, new SeTdnnBlock(c.channels(), dil[i]));
        }
        mfa = register_module("mfa", new ConvBnRelu(c.channels() * dil.length, c.mfaChannels(), 1, 1, 1));
        pool = register_module("pool", new AttentiveStatsPool(c.mfaChannels(), c.attention()));
        poolNorm = register_module("pool_bn", new BatchNorm1dImpl(new BatchNormOptions(2L * c.mfaChannels())));
        embedding = register_module("embedding", new LinearImpl(2L * c.mfaChannels(), c.embedDim()));
        embeddingNorm = register_module("embedding_bn", new BatchNorm1dImpl(new BatchNormOptions(c.embedDim())));
        lifter = c.cepstra() > 0 ? lifterMatrix(c.melBins(), c.cepstra()) : null;
    }

    /**
     * The symmetric projection of a log-mel frame onto its {@code keep} lowest orthonormal DCT-II coefficients, back in
     * the bin domain: {@code frame . M} is the frame smoothed across frequency. A fixed part of the graph, rebuilt from
     * the shape, never a trained or stored weight.
     */
    static Tensor lifterMatrix(int bins, int keep) {
        float[] m = new float[bins * bins];
        for (int k = 0; k < keep; k++) {
            double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / bins);
            double[] basis = new double[bins];
            for (int i = 0; i < bins; i++) {
                basis[i] = scale * Math.cos(Math.PI * k * (i + 0.5) / bins);
            }
            for (int i = 0; i < bins; i++) {
                for (int j = 0; j < bins; j++) {
                    m[i * bins + j] += (float) (basis[i] * basis[j]);
                }
            }
        }
        try (org.bytedeco.javacpp.FloatPointer host = new org.bytedeco.javacpp.FloatPointer(m);
                Tensor view = torch.from_blob(host, bins, bins)) {
            return view.clone(); // the network owns the copy (closed with its fields); the view and buffer go here
        }
    }

    public SpeakerNetConfig config() {
        return config;
    }

    /** [B, T, bins] fbank to [B, embedDim]. */
    public Tensor forward(Tensor fbank) {
        return embeddingNorm.forward(embedding.forward(poolNorm.forward(pooledStats(fbank))));
    }

    /**
     * [B, T, bins] fbank to the attentive pooling's weighted mean and standard deviation of the aggregated frame
     * features, [B, 2 * mfaChannels]: what the embedding layer reads, before it keeps only what tells voices apart.
     */
    public Tensor pooledStats(Tensor fbank) {
        Tensor in = lifter == null ? fbank : fbank.matmul(lifter);
        Tensor x = front.forward(in.transpose(1, 2));
        TensorVector outs = new TensorVector();
        for (SeTdnnBlock b : blocks) {
            x = b.forward(x);
            outs.push_back(x);
        }
        return pool.forward(mfa.forward(torch.cat(outs, 1)));
    }

    /**
     * Registers a parameter and returns an owned handle to it: LibTorch returns a reference into the module's
     * parameter table, which moves when the next parameter is registered, so the reference must not be kept.
     */
    static Tensor param(Module m, String name, Tensor value) {
        return new Tensor(m.register_parameter(name, value));
    }

    static Tensor kaimingWeight(long out, long in, long kernel) {
        double std = Math.sqrt(2.0 / (in * kernel));
        return torch.randn(out, in, kernel).mul(new Scalar(std));
    }

    /** Conv1d, ReLU, batch norm (ECAPA order). */
    static final class ConvBnRelu extends Module {
        private final Tensor weight;
        private final Tensor bias;
        private final BatchNorm1dImpl bn;
        private final long[] padding;
        private final long[] dilation;
        private final long[] stride;

        ConvBnRelu(long in, long out, int kernel, int dilation, int stride) {
            super("ConvBnRelu");
            weight = param(this, "weight", kaimingWeight(out, in, kernel));
            bias = param(this, "bias", torch.zeros(out));
            bn = register_module("bn", new BatchNorm1dImpl(new BatchNormOptions(out)));
            this.padding = new long[] {(long) dilation * (kernel - 1) / 2};
            this.dilation = new long[] {dilation};
            this.stride = new long[] {stride};
        }

        Tensor forward(Tensor x) {
            Tensor y = torch.conv1d(x, weight, new TensorOptional(bias), stride, padding, dilation, 1);
            return bn.forward(y.relu());
        }
    }

    /** 1x1, dilated k=3, 1x1 TDNN layers, squeeze-excitation over time, residual. */
    static final class SeTdnnBlock extends Module {
        private final ConvBnRelu in;
        private final ConvBnRelu dilated;
        private final ConvBnRelu out;
        private final LinearImpl squeeze;
        private final LinearImpl excite;

        SeTdnnBlock(int channels, int dilation) {
            super("SeTdnnBlock");
            in = register_module("conv_in", new ConvBnRelu(channels, channels, 1, 1, 1));
            dilated = register_module("conv_dilated", new ConvBnRelu(channels, channels, 3, dilation, 1));
            out = register_module("conv_out", new ConvBnRelu(channels, channels, 1, 1, 1));
            squeeze = register_module("se_squeeze", new LinearImpl(channels, Math.max(8, channels / 8)));
            excite = register_module("se_excite", new LinearImpl(Math.max(8, channels / 8), channels));
        }

        Tensor forward(Tensor x) {
            Tensor y = out.forward(dilated.forward(in.forward(x)));
            Tensor s = excite.forward(squeeze.forward(y.mean(new long[] {2}, false, new ScalarTypeOptional())).relu())
                    .sigmoid().unsqueeze(2);
            return y.mul(s).add(x);
        }
    }

    /** Attention weights per channel and frame; weighted mean and standard deviation over time. */
    static final class AttentiveStatsPool extends Module {
        private final Tensor w1;
        private final Tensor b1;
        private final Tensor w2;
        private final Tensor b2;

        AttentiveStatsPool(int channels, int hidden) {
            super("AttentiveStatsPool");
            w1 = param(this, "w1", kaimingWeight(hidden, channels, 1));
            b1 = param(this, "b1", torch.zeros(hidden));
            w2 = param(this, "w2", kaimingWeight(channels, hidden, 1).mul(new Scalar(0.1)));
            b2 = param(this, "b2", torch.zeros(channels));
        }

        Tensor forward(Tensor h) {
            long[] one = {1};
            long[] zero = {0};
            Tensor a = torch.conv1d(h, w1, new TensorOptional(b1), one, zero, one, 1).tanh();
            Tensor w = torch.conv1d(a, w2, new TensorOptional(b2), one, zero, one, 1).softmax(2);
            ScalarTypeOptional none = new ScalarTypeOptional();
            Tensor mean = h.mul(w).sum(new long[] {2}, false, none);
            Tensor sq = h.mul(h).mul(w).sum(new long[] {2}, false, none);
            Tensor std = sq.sub(mean.mul(mean)).clamp_min(new Scalar(1e-5)).sqrt();
            TensorVector both = new TensorVector(mean, std);
            return torch.cat(both, 1);
        }
    }

    /** Frees every layer's native module with this network, not when the garbage collector gets to them. */
    @Override
    public void close() {
        io.emotrace.runtime.TorchModules.closeFields(this);
        super.close();
    }
}
