package io.emotrace.emotion.train;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * Corpus-adversarial training (domain-adversarial, gradient reversal): a small classifier learns which training
 * corpus an utterance came from, reading the network's frame features averaged over time, while the gradient that
 * reaches the network through it is reversed and scaled. The network is so pushed towards features that carry the
 * emotion but not the language, speakers and recording of a corpus, which is what a corpus nobody trained on
 * differs in. Training only: the shipped network has no trace of it.
 */
final class CorpusAdversary extends Module {
    private final LinearImpl hidden;
    private final LinearImpl out;
    private final int corpora;

    CorpusAdversary(int features, int corpora) {
        this.corpora = corpora;
        hidden = register_module("hidden", new LinearImpl(features, 64));
        out = register_module("out", new LinearImpl(64, corpora));
    }

    int corpora() {
        return corpora;
    }

    /**
     * Cross-entropy of the corpus classifier, averaged over the batch, on features whose gradient is reversed and
     * scaled by {@code lambda}: {@code (1 + lambda) * f.detach() - lambda * f} has the value of {@code f} and the
     * gradient {@code -lambda}, so the classifier itself learns with the ordinary sign.
     *
     * @param frames the network's frame features (N, D, T)
     * @param oneHot the corpus of each row (N, corpora)
     */
    Tensor loss(Tensor frames, Tensor oneHot, double lambda) {
        Tensor f = frames.mean(new long[] {2}, false, new ScalarTypeOptional());
        Tensor reversed = f.detach().mul(new Scalar(1 + lambda)).sub(f.mul(new Scalar(lambda)));
        Tensor logits = out.forward(hidden.forward(reversed).relu());
        return logits.log_softmax(1).mul(oneHot).sum(new long[] {1}, false, new ScalarTypeOptional()).neg().mean();
    }

    /** The reversal weight at {@code progress} (0..1) of training: the usual 2 / (1 + e^(-10 p)) - 1 ramp. */
    static double lambda(double maxWeight, double progress) {
        return maxWeight * (2 / (1 + Math.exp(-10 * progress)) - 1);
    }

    @Override
    public void close() {
        io.emotrace.runtime.TorchModules.closeFields(this);
        super.close();
    }
}
