package io.emotrace.diarization.embedding.train;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The training objective: additive-margin softmax over the training speakers (cos(theta) - m for the true class,
 * scaled by s) plus an angular prototypical pair term, which scores each first crop against every speaker's
 * partner crop (from another utterance and, where labelled, another emotion) with a learnt scale and bias.
 * Only used in training; the shipped model is the embedding network alone.
 */
final class TrainingLoss extends Module {
    private final Tensor classWeights;
    private final Tensor pairScale;
    private final Tensor pairBias;
    private final int classes;
    private final double margin;
    private final double scale;
    private final double pairWeight;

    TrainingLoss(int classes, int embedDim, double margin, double scale, double pairWeight) {
        super("TrainingLoss");
        this.classes = classes;
        this.margin = margin;
        this.scale = scale;
        this.pairWeight = pairWeight;
        classWeights = new Tensor(register_parameter("class_weights",
                torch.randn(classes, embedDim).mul(new Scalar(Math.sqrt(1.0 / embedDim)))));
        pairScale = new Tensor(register_parameter("pair_scale", torch.ones(1).mul(new Scalar(10.0))));
        pairBias = new Tensor(register_parameter("pair_bias", torch.ones(1).mul(new Scalar(-5.0))));
    }

    /** Row-wise L2 normalisation. */
    static Tensor normalise(Tensor x) {
        return x.div(x.mul(x).sum(new long[] {1}, true, new ScalarTypeOptional()).clamp_min(new Scalar(1e-12)).sqrt());
    }

    /**
     * @param embeddings [2P, E]: rows [0, P) first crops, [P, 2P) their partners (same speakers, same order)
     * @param labels     [2P] int64 class indices
     * @return {total, am-softmax, pair} losses (scalars)
     */
    Tensor[] forward(Tensor embeddings, Tensor labels) {
        Tensor e = normalise(embeddings);
        Tensor cos = e.mm(normalise(classWeights).t());
        Tensor onehot = torch.one_hot(labels, classes).to(torch.ScalarType.Float);
        Tensor logits = cos.sub(onehot.mul(new Scalar(margin))).mul(new Scalar(scale));
        Tensor am = crossEntropy(logits, onehot);
        long p = embeddings.size(0) / 2;
        Tensor sim = e.narrow(0, 0, p).mm(e.narrow(0, p, p).t());
        Tensor pairLogits = sim.mul(pairScale.clamp_min(new Scalar(1e-3))).add(pairBias);
        Tensor pair = crossEntropy(pairLogits, torch.eye(p));
        Tensor total = am.add(pair.mul(new Scalar(pairWeight)));
        return new Tensor[] {total, am, pair};
    }

    private static Tensor crossEntropy(Tensor logits, Tensor onehot) {
        return torch.log_softmax(logits, 1).mul(onehot).sum(new long[] {1}, false, new ScalarTypeOptional()).mean()
                .neg();
    }
}
