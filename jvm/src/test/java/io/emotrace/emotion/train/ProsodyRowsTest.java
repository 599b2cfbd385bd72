package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.emotion.embedded.FbankPrep;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows with prosody: mel bins first, pitch channels after them, zeros up to the padded width. */
class ProsodyRowsTest {
    private static final int W = LabelledClips.PROSODY_WIDTH;

    @Test
    void pitchChannelsFollowTheSpeechSpanOfTheFbank() {
        int frames = 60;
        float[] fb = new float[frames * 80];
        float[] pitch = new float[frames * 2];
        for (int t = 0; t < frames; t++) {
            float level = t >= 20 && t < 40 ? 0f : -20f; // speech on frames 20-39 only
            for (int b = 0; b < 80; b++) {
                fb[t * 80 + b] = level;
            }
            pitch[t * 2] = t;
            pitch[t * 2 + 1] = 0.5f;
        }
        float[] rows = LabelledClips.withProsody(fb, pitch);
        int[] span = FbankPrep.speechSpan(fb, frames, 80);
        assertEquals((span[1] - span[0]) * W, rows.length);
        for (int r = 0; r < rows.length / W; r++) {
            assertEquals(span[0] + r, rows[r * W + 80], 0f, "the pitch of the same frame");
            assertEquals(0.5f, rows[r * W + 81], 0f);
            for (int k = 82; k < W; k++) {
                assertEquals(0f, rows[r * W + k], 0f, "padding");
            }
        }
    }

    @Test
    void augmentationAndLevelRemovalLeaveThePitchChannelsAlone() {
        int len = 50;
        float[] x = new float[len * W];
        Random r = new Random(1);
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < 80; b++) {
                x[t * W + b] = (float) (r.nextGaussian() - 3);
            }
            x[t * W + 80] = 0.25f;
            x[t * W + 81] = 0.75f;
        }
        float[] warped = x.clone();
        Augment.warpFrequency(warped, len, W, 0.1, new Random(2));
        float[] ch = FbankPrep.toChannels(warped, len, W);
        for (int t = 0; t < len; t++) {
            assertEquals(0.25f, ch[80 * len + t], 0f);
            assertEquals(0.75f, ch[81 * len + t], 0f);
        }
        float[] crop = Augment.crop(x, len, W, len, new Random(3));
        for (int t = 0; t < len; t++) {
            float v = crop[t * W + 80];
            // a time-masked frame holds 0 (the speaker's mean after normalisation), every other one the pitch
            assertTrue(v == 0.25f || v == 0f, "frame " + t + ": " + v);
        }
    }
}
