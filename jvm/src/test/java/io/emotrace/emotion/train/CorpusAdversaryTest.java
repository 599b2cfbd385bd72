package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class CorpusAdversaryTest {
    /** The features get minus lambda times the classifier's gradient; the classifier its own, unreversed. */
    @Test
    void reversesOnlyTheGradientThatReachesTheFeatures() {
        torch.manual_seed(3);
        try (CorpusAdversary adv = new CorpusAdversary(8, 3)) {
            Tensor oneHot = torch.from_blob(new FloatPointer(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0), 4, 3).clone();
            Tensor frames = torch.randn(4, 8, 5);
            float[] plain = grads(adv, frames, oneHot, -1); // lambda -1: the identity, no reversal
            float[] classifierPlain = classifierGrad(adv);
            float[] reversed = grads(adv, frames, oneHot, 0.5);
            float[] classifierReversed = classifierGrad(adv);
            float norm = 0;
            for (int i = 0; i < plain.length; i++) {
                assertEquals(-0.5f * plain[i], reversed[i], 1e-6f);
                norm += Math.abs(plain[i]);
            }
            assertTrue(norm > 0, "the features must get a gradient");
            assertArrayEquals(classifierPlain, classifierReversed, 1e-6f);
        }
    }

    @Test
    void rampsTheWeightFromZero() {
        assertEquals(0, CorpusAdversary.lambda(0.3, 0), 1e-12);
        assertEquals(0.3 * (2 / (1 + Math.exp(-5)) - 1), CorpusAdversary.lambda(0.3, 0.5), 1e-12);
        assertTrue(CorpusAdversary.lambda(0.3, 1) > 0.299 && CorpusAdversary.lambda(0.3, 1) <= 0.3);
    }

    private static float[] grads(CorpusAdversary adv, Tensor frames, Tensor oneHot, double lambda) {
        Tensor f = frames.clone().set_requires_grad(true);
        var params = adv.parameters();
        for (long i = 0; i < params.size(); i++) {
            if (params.get(i).grad().defined()) {
                params.get(i).grad().zero_();
            }
        }
        adv.loss(f, oneHot, lambda).backward();
        Tensor g = f.grad().contiguous();
        float[] out = new float[(int) g.numel()];
        g.data_ptr_float().capacity(out.length).get(out);
        return out;
    }

    private static float[] classifierGrad(CorpusAdversary adv) {
        Tensor g = adv.parameters().get(0).grad().contiguous();
        float[] out = new float[(int) g.numel()];
        g.data_ptr_float().capacity(out.length).get(out);
        return out;
    }
}
