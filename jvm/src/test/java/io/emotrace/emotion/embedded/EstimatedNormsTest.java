package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** A recording's batch-norm statistics: what its clips give, used only where passed, the network's never written. */
class EstimatedNormsTest {
    private static final int BINS = 16;

    static List<EstimatedNorms.Input> clips(int n, int frames, double offset, long seed) {
        Random r = new Random(seed);
        List<EstimatedNorms.Input> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] rows = new float[frames * BINS];
            for (int k = 0; k < rows.length; k++) {
                // per-bin offsets that a clip's level mean does not remove
                rows[k] = (float) (offset * ((k % BINS) - BINS / 2.0) / BINS + 2 * r.nextGaussian());
            }
            out.add(new EstimatedNorms.Input(rows, frames));
        }
        return out;
    }

    private static float[] logits(EmotionNet net, EstimatedNorms.Input c, EstimatedNorms norms) {
        net.eval();
        float[] x = FbankPrep.toChannels(c.rows(), c.frames(), BINS);
        try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
            float[] l = new float[EmotionNet.CLASSES];
            net.forward(torch.from_blob(new FloatPointer(x), 1, BINS, c.frames()), 0, norms).logits().contiguous()
                    .data_ptr_float().capacity(l.length).get(l);
            return l;
        }
    }

    @Test
    void theInputLayerHoldsTheClipsMeanAndOnlyThePassedForwardUsesIt() {
        List<EstimatedNorms.Input> clips = clips(16, 30, 40, 1);
        try (EmotionNet net = new EmotionNet(BINS, 8, 8)) {
            net.eval();
            float[] before = logits(net, clips.get(0), null);
            EstimatedNorms norms = EstimatedNorms.estimate(net, clips, BINS, t -> t);
            assertEquals(2, norms.batches());
            assertEquals(16, norms.clips());
            // two equal batches: the mean of the batches' means is the mean over every frame of every clip
            double[] mean = new double[BINS];
            for (EstimatedNorms.Input c : clips) {
                float[] x = FbankPrep.toChannels(c.rows(), c.frames(), BINS);
                for (int b = 0; b < BINS; b++) {
                    for (int t = 0; t < c.frames(); t++) {
                        mean[b] += x[b * c.frames() + t] / (30.0 * clips.size());
                    }
                }
            }
            float[] got = norms.meanValues(0);
            for (int b = 0; b < BINS; b++) {
                assertEquals(mean[b], got[b], 1e-3, "bin " + b);
            }
            float[] adapted = logits(net, clips.get(0), norms);
            double moved = 0;
            for (int k = 0; k < adapted.length; k++) {
                moved += Math.abs(adapted[k] - before[k]);
            }
            assertTrue(moved > 1e-3, "statistics far from the network's change its answer: " + moved);
            assertArrayEquals(before, logits(net, clips.get(0), null), 0f, "the network's own statistics are untouched");
        }
    }

    @Test
    void everyLayerHoldsWhatTheModulesOwnTrainingStepWouldHaveMeasured() {
        List<EstimatedNorms.Input> batch = clips(8, 25, 20, 6); // one batch: its statistics are the estimate
        try (EmotionNet net = new EmotionNet(BINS, 8, 12)) { // channels and embedding widths differ: layers can't swap
            net.eval();
            EstimatedNorms norms = EstimatedNorms.estimate(net, batch, BINS, t -> t);
            assertEquals(1, norms.batches());
            // LibTorch's own train-mode step from mean 0 / variance 1 with momentum 0.1 moves them a tenth of the way
            float[] x = new float[8 * BINS * 25];
            for (int b = 0; b < 8; b++) {
                System.arraycopy(FbankPrep.toChannels(batch.get(b).rows(), 25, BINS), 0, x, b * BINS * 25, BINS * 25);
            }
            net.train(true);
            try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
                net.forward(torch.from_blob(new FloatPointer(x), 8, BINS, 25), 0);
            }
            net.eval();
            List<org.bytedeco.pytorch.BatchNorm1dImpl> layers = net.normLayers();
            assertEquals(layers.size(), norms.layers());
            for (int i = 0; i < layers.size(); i++) {
                float[] m = new float[(int) layers.get(i).running_mean().numel()];
                float[] v = new float[m.length];
                layers.get(i).running_mean().contiguous().data_ptr_float().capacity(m.length).get(m);
                layers.get(i).running_var().contiguous().data_ptr_float().capacity(v.length).get(v);
                float[] em = norms.meanValues(i);
                float[] ev = norms.varValues(i);
                assertEquals(m.length, em.length, "layer " + i);
                for (int c = 0; c < m.length; c++) {
                    assertEquals(m[c] / 0.1, em[c], 1e-3 * (1 + Math.abs(em[c])), "layer " + i + " mean " + c);
                    assertEquals((v[c] - 0.9) / 0.1, ev[c], 1e-3 * (1 + Math.abs(ev[c])), "layer " + i + " variance " + c);
                }
            }
        }
    }

    @Test
    void oneClipIsTooFew() {
        List<EstimatedNorms.Input> one = clips(1, 30, 40, 2);
        one.add(new EstimatedNorms.Input(new float[BINS], 1)); // under the network's shortest input: not counted
        try (EmotionNet net = new EmotionNet(BINS, 8, 8)) {
            org.junit.jupiter.api.Assertions.assertNull(EstimatedNorms.estimate(net, one, BINS, t -> t));
        }
    }

    @Test
    void clipsOfDifferentLengthsAreCroppedToTheirBatchsShortest() {
        List<EstimatedNorms.Input> mixed = new ArrayList<>(clips(5, 20, 10, 3));
        mixed.addAll(clips(4, 45, 10, 4));
        mixed.add(new EstimatedNorms.Input(new float[BINS], 1)); // under the network's shortest input: left out
        try (EmotionNet net = new EmotionNet(BINS, 8, 8)) {
            EstimatedNorms nine = EstimatedNorms.estimate(net, mixed, BINS, t -> t);
            assertEquals(1, nine.batches(), "9 usable clips: a batch of 8 would leave one alone, so all 9 go together");
            assertEquals(9, nine.clips());
            mixed.addAll(clips(2, 60, 10, 5));
            assertEquals(2, EstimatedNorms.estimate(net, mixed, BINS, t -> t).batches(), "11 usable clips: 8 and 3");
        }
    }
}
