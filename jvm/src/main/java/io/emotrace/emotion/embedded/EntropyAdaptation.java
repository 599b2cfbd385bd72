package io.emotrace.emotion.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Test-time entropy minimisation (TENT, Wang et al. 2021), a measurement beside {@link EstimatedNorms}: the batch-norm
 * layers' scales and shifts take a pass of Adam steps that make the network surer of its answers on unlabelled clips
 * (each batch normalised by its own statistics), then the statistics are estimated on the same clips. What the adapted
 * network says is handed to {@code judge}; afterwards the network's own scales and shifts are written back. No label is
 * read. The caller owns the network for the duration (it is changed in place and restored).
 */
public final class EntropyAdaptation {
    private EntropyAdaptation() {
    }

    /**
     * {@code judge} applied under the network adapted on {@code heard} ({@code mask}: 0 for the classes the answers may
     * take, a large negative number for the others); null norms to {@code judge} when there are too few clips.
     */
    public static <T> T with(EmotionNet net, List<EstimatedNorms.Input> heard, int bins, float[] mask, double learningRate,
            int passes, Function<EstimatedNorms, T> judge) {
        List<List<EstimatedNorms.Input>> batches = EstimatedNorms.batches(heard);
        if (batches.isEmpty()) {
            return judge.apply(null);
        }
        List<BatchNorm1dImpl> layers = net.normLayers();
        List<float[]> saved = new ArrayList<>();
        TensorVector params = new TensorVector();
        for (BatchNorm1dImpl bn : layers) {
            saved.add(floats(bn.weight()));
            saved.add(floats(bn.bias()));
            params.push_back(bn.weight());
            params.push_back(bn.bias());
        }
        try (Adam adam = new Adam(params, new AdamOptions(learningRate));
                EstimatedNorms.Estimation scratch = new EstimatedNorms.Estimation(net);
                FloatPointer maskHost = new FloatPointer(mask)) {
            for (int pass = 0; pass < passes; pass++) {
                for (List<EstimatedNorms.Input> batch : batches) {
                    try (PointerScope scope = new PointerScope()) {
                        Tensor logits = net.forwardEstimating(EstimatedNorms.input(batch, bins), scratch).logits();
                        Tensor logp = logits.add(torch.from_blob(maskHost, 1, mask.length)).log_softmax(1);
                        Tensor entropy = logp.exp().mul(logp).sum(new long[] {1}, false, new ScalarTypeOptional()).neg().mean();
                        adam.zero_grad();
                        entropy.backward();
                        adam.step();
                    }
                }
            }
            return judge.apply(EstimatedNorms.estimate(net, heard, bins, t -> t));
        } finally {
            try (NoGradGuard ng = new NoGradGuard()) {
                for (int i = 0; i < layers.size(); i++) {
                    write(layers.get(i).weight(), saved.get(2 * i));
                    write(layers.get(i).bias(), saved.get(2 * i + 1));
                }
            }
            params.close();
        }
    }

    private static float[] floats(Tensor t) {
        float[] v = new float[(int) t.numel()];
        t.data_ptr_float().capacity(v.length).get(v);
        return v;
    }

    private static void write(Tensor t, float[] v) {
        t.data_ptr_float().capacity(v.length).put(v);
    }
}
