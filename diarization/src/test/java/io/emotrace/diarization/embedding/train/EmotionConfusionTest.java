package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class EmotionConfusionTest {
    @Test
    void mapsLabelsAndSkipsUnlabelledBatches() {
        assertEquals(0, EmotionConfusion.index("angry"));
        assertEquals(-1, EmotionConfusion.index(null));
        assertEquals(-1, EmotionConfusion.index("calm"));
        try (EmotionConfusion c = new EmotionConfusion(8)) {
            assertNull(c.forward(torch.randn(4, 8), new int[] {-1, -1, 3, -1}), "one labelled row is not a batch");
        }
    }

    /** The classifier's loss trains only the classifier; the confusion term trains only the embeddings. */
    @Test
    void keepsTheTwoGradientsApart() {
        try (EmotionConfusion c = new EmotionConfusion(8)) {
            Tensor emb = torch.randn(6, 8).set_requires_grad(true);
            Tensor[] l = c.forward(emb, new int[] {0, 1, -1, 4, 5, 4});
            l[0].backward();
            assertFalse(emb.grad().defined(), "classifier loss must not reach the embeddings");
            Tensor w = c.parameters().get(0);
            assertTrue(w.grad().defined() && w.grad().abs().sum().item_float() > 0);
            w.grad().zero_();

            Tensor emb2 = torch.randn(6, 8).set_requires_grad(true);
            Tensor[] l2 = c.forward(emb2, new int[] {0, 1, -1, 4, 5, 4});
            l2[1].backward();
            assertTrue(emb2.grad().defined() && emb2.grad().abs().sum().item_float() > 0);
            assertEquals(0f, w.grad().abs().sum().item_float(), 0f, "confusion must not train the classifier");
            assertTrue(l2[1].item_float() >= -1e-6, "cross-entropy to uniform is at least log(classes)");
        }
    }
}
