package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.domain.Emotion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The speaker network tuned on emotion labels (the diarization module provides the encoder). */
class VoiceEncoderTunerTest {
    private static final int WIDTH = 96;
    private static final Emotion[] URDU = {Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD};

    private static Sample clip(String speaker, int i, Random rnd, float offset) {
        int frames = 60 + rnd.nextInt(40);
        float[] rows = new float[frames * WIDTH];
        Emotion label = URDU[i % URDU.length];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 80; k++) {
                // the label moves the upper bins: something a network can learn in a few steps
                rows[f * WIDTH + k] = offset + (float) rnd.nextGaussian() + (k > 40 ? label.ordinal() * 0.5f : 0);
            }
        }
        return new Sample(new CorpusUtterance("urdu", Path.of(speaker + "-" + i + ".wav"), speaker + "-" + i, speaker,
                label.name().toLowerCase(), null), label, rows, frames);
    }

    private static List<Sample> voices(int speakers, int clips, long seed) {
        Random rnd = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            for (int i = 0; i < clips; i++) {
                out.add(clip("urdu-S" + s, i, rnd, 0));
            }
        }
        return out;
    }

    private static VoiceEncoderTuner.Recipe recipe(int group, boolean clipMean) {
        return new VoiceEncoderTuner.Recipe(1, 32, 8, 60, 3e-4, 2e-3, 1e-4, 0.1, 0.3, 0.1, 3, 1, group, clipMean);
    }

    @Test
    void aClipIsJudgedLessItsSpeakersMeanStatistics() throws Exception {
        List<Sample> train = voices(4, 8, 1);
        try (VoiceEncoderTuner.Tuned t = new VoiceEncoderTuner(recipe(4, false), System.out).train(train, WIDTH)) {
            // two voices each of one clip repeated: every clip equals its speaker's mean, so all four answers are the
            // classifier's answer to zero statistics, whatever the voices sound like
            Random rnd = new Random(9);
            Sample a = clip("urdu-A", 0, rnd, 0);
            Sample b = clip("urdu-B", 1, rnd, 3);
            List<Sample> judged = List.of(a, a, b, b);
            float[][] less = VoiceEncoderTuner.logits(t, judged, WIDTH, true, false);
            for (float[] l : less) {
                assertArrayEquals(less[0], l, 1e-4f);
            }
            float[][] raw = VoiceEncoderTuner.logits(t, judged, WIDTH, false, false);
            assertTrue(maxDiff(raw[0], raw[2]) > 1e-3, "without the speaker's mean removed the two voices differ");
            for (float[] l : raw) {
                for (float v : l) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
    }

    @Test
    void withTheClipMeanAConstantLevelChangesNothing() throws Exception {
        List<Sample> train = voices(4, 8, 2);
        try (VoiceEncoderTuner.Tuned t = new VoiceEncoderTuner(recipe(1, true), System.out).train(train, WIDTH)) {
            Sample a = clip("urdu-A", 0, new Random(5), 0);
            Sample louder = clip("urdu-A", 0, new Random(5), 2.5f); // the same clip, every bin 2.5 up
            float[][] own = VoiceEncoderTuner.logits(t, List.of(a, louder), WIDTH, false, true);
            assertArrayEquals(own[0], own[1], 1e-3f);
            float[][] asIs = VoiceEncoderTuner.logits(t, List.of(a, louder), WIDTH, false, false);
            assertTrue(maxDiff(asIs[0], asIs[1]) > 1e-3, "without the clip's mean removed the level shows");
            assertEquals(io.emotrace.emotion.embedded.EmotionNet.CLASSES, own[0].length);
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
