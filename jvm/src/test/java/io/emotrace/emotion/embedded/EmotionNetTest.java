package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network's depth option: shapes, receptive field, and that the card rebuilds the same network. */
class EmotionNetTest {

    private static float[] logits(EmotionNet net, float[] x, int bins, int frames) {
        try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
            EmotionNet.Output o = net.forward(torch.from_blob(new FloatPointer(x), 1, bins, frames), 0);
            assertEquals(EmotionNet.outputFrames(frames), o.frames().size(2));
            assertEquals(EmotionNet.outputFrames(frames), o.frameLogits().size(2));
            float[] l = new float[EmotionNet.CLASSES];
            o.logits().contiguous().data_ptr_float().capacity(l.length).get(l);
            return l;
        }
    }

    private static long parameters(EmotionNet net) {
        TensorVector p = net.parameters();
        long n = 0;
        for (long i = 0; i < p.size(); i++) {
            n += p.get(i).numel();
        }
        return n;
    }

    @Test
    void deeperNetRoundTripsThroughItsCard(@TempDir Path dir) throws Exception {
        torch.manual_seed(5);
        EmotionNet net = new EmotionNet(80, 16, 24, 5);
        net.eval();
        float[] x = new float[80 * 150];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] before = logits(net, x, 80, 150);
        // 16*80*5+16 input conv, 5 blocks of 16*16*3+16, their batch-norms: the depth is really there
        EmotionNet two = new EmotionNet(80, 16, 24, 2);
        assertEquals(3 * (16 * 16 * 3 + 16 + 2 * 16), parameters(net) - parameters(two));
        two.close();
        EmbeddedWeights.save(net, new ModelCard(ModelCard.VERSION, 80, 16, 24, ModelCard.FEATURES, 50, 0.3, "test", 5), dir);
        net.close();
        ModelCard card = EmbeddedWeights.readCard(Files.readAllBytes(dir.resolve(EmbeddedWeights.CARD)));
        assertEquals(5, card.blockCount());
        EmotionNet loaded = EmbeddedWeights.load(card, Files.readAllBytes(dir.resolve(EmbeddedWeights.WEIGHTS)));
        assertArrayEquals(before, logits(loaded, x, 80, 150), 0f);
        loaded.close();
    }

    @Test
    void cardWithoutBlocksMeansTheTwoBlockNetwork() throws Exception {
        String old = "{\"version\":1,\"bins\":80,\"channels\":64,\"embDim\":128,\"features\":\"f\",\"frameRate\":50.0,"
                + "\"otherBelow\":0.36,\"origin\":\"o\"}";
        ModelCard card = EmbeddedWeights.readCard(old.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, card.blockCount());
        assertArrayEquals(new int[] {2, 3}, EmotionNet.dilations(2));
        assertArrayEquals(new int[] {1, 2, 4, 8, 16}, EmotionNet.dilations(5));
        assertThrows(IllegalArgumentException.class, () -> new EmotionNet(80, 16, 16, 0));
    }
}
