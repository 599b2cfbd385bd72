package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Entropy minimisation on the norms: surer answers on the clips heard, and the network's own scales written back. */
class EntropyAdaptationTest {
    private static final int BINS = 16;

    private static double meanEntropy(EmotionNet net, List<EstimatedNorms.Input> clips, EstimatedNorms norms) {
        double sum = 0;
        for (EstimatedNorms.Input c : clips) {
            float[] x = FbankPrep.toChannels(c.rows(), c.frames(), BINS);
            try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
                float[] p = new float[EmotionNet.CLASSES];
                net.forward(torch.from_blob(new FloatPointer(x), 1, BINS, c.frames()), 0, norms).logits().softmax(1)
                        .contiguous().data_ptr_float().capacity(p.length).get(p);
                for (float q : p) {
                    sum -= q > 0 ? q * Math.log(q) : 0;
                }
            }
        }
        return sum / clips.size();
    }

    @Test
    void theAnswersOnTheHeardClipsGetSurerAndTheNetworkComesBackUnchanged() {
        List<EstimatedNorms.Input> clips = EstimatedNormsTest.clips(32, 30, 20, 9);
        float[] all = new float[EmotionNet.CLASSES]; // every class allowed
        try (EmotionNet net = new EmotionNet(BINS, 8, 12)) {
            net.eval();
            double before = meanEntropy(net, clips, EstimatedNorms.estimate(net, clips, BINS, t -> t));
            float[] plain = logits(net, clips.get(0));
            double after = EntropyAdaptation.with(net, clips, BINS, all, 0.05, 3, norms -> meanEntropy(net, clips, norms));
            assertTrue(after < before, "entropy " + before + " -> " + after);
            assertArrayEquals(plain, logits(net, clips.get(0)), 0f, "the scales and shifts are written back");
            assertNull(EntropyAdaptation.with(net, clips.subList(0, 1), BINS, all, 0.05, 1, norms -> norms),
                    "one clip: nothing to adapt on");
        }
    }

    private static float[] logits(EmotionNet net, EstimatedNorms.Input c) {
        float[] x = FbankPrep.toChannels(c.rows(), c.frames(), BINS);
        try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
            float[] l = new float[EmotionNet.CLASSES];
            net.forward(torch.from_blob(new FloatPointer(x), 1, BINS, c.frames()), 0).logits().contiguous()
                    .data_ptr_float().capacity(l.length).get(l);
            return l;
        }
    }
}
