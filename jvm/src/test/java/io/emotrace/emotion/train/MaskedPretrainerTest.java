package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.emotion.embedded.EmotionNet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedPretrainerTest {
    private static final int WIDTH = 96;

    private static MaskedPretrainer.Settings tiny(double minutes) {
        return new MaskedPretrainer.Settings(WIDTH, 8, 8, 1, 4, 40, 3e-3, 0.4, 5, minutes, 3, 1);
    }

    /** Smooth synthetic "speech": each bin a slow sinusoid, so hidden frames can be told from their neighbours. */
    private static List<Sample> speech() {
        Random r = new Random(1);
        List<Sample> out = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            int frames = 120;
            float[] fb = new float[frames * WIDTH];
            double f = 0.05 + 0.1 * r.nextDouble();
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < 80; k++) {
                    fb[t * WIDTH + k] = (float) Math.sin(f * t + 0.1 * k);
                }
            }
            out.add(new Sample(new CorpusUtterance("accents", Path.of("x" + c), "x" + c, "accents-" + c, null, null),
                    null, fb, frames));
        }
        return out;
    }

    /** A diverging run stops with a typed error and writes no encoder (a NaN network must never reach a user). */
    @Test
    void aLossThatIsNotFiniteStopsTheRunAndWritesNoEncoder(@TempDir Path dir) {
        MaskedPretrainer.Settings wild = new MaskedPretrainer.Settings(WIDTH, 8, 8, 1, 4, 40, 1e30, 0.4, 5, 0.05, 3, 1);
        io.emotrace.EmotraceException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.emotrace.EmotraceException.class, () -> new MaskedPretrainer(wild,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                        .train(speech(), dir.resolve("ckpt"), dir.resolve("encoder.pt")));
        assertEquals("train.nonfinite_loss", e.code(), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("encoder.pt")));
    }

    @Test
    void hidesTheAskedShareInSpans() {
        MaskedPretrainer p = new MaskedPretrainer(tiny(1), System.out);
        boolean[] h = p.spans(200, new Random(5));
        int n = 0;
        for (boolean b : h) {
            n += b ? 1 : 0;
        }
        assertTrue(n >= 80 && n <= 84, "hidden " + n + " of 200");
    }

    /** The encoder file loads into a fresh network with the same outputs; a longer budget resumes the run. */
    @Test
    void writesAnEncoderThatLoadsAndResumes(@TempDir Path dir) throws Exception {
        List<Sample> speech = speech();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        MaskedPretrainer.Result first = new MaskedPretrainer(tiny(0.005), new PrintStream(buf, true, StandardCharsets.UTF_8))
                .train(speech, dir.resolve("ckpt"), dir.resolve("encoder.pt"));
        assertTrue(first.steps() > 0 && Double.isFinite(first.finalLoss()), first.toString());
        assertTrue(Files.isRegularFile(dir.resolve("ckpt").resolve("state.txt")));
        float[][] a;
        float[][] b;
        try (EmotionNet n1 = new EmotionNet(WIDTH, 8, 8, 1); EmotionNet n2 = new EmotionNet(WIDTH, 8, 8, 1)) {
            MaskedPretrainer.initialise(n1, dir.resolve("encoder.pt"));
            MaskedPretrainer.initialise(n2, dir.resolve("encoder.pt"));
            a = EmotionTrainer.embeddings(n1, speech, WIDTH);
            b = EmotionTrainer.embeddings(n2, speech, WIDTH);
        }
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0f);
        }
        try (EmotionNet fresh = new EmotionNet(WIDTH, 8, 8, 1)) {
            float[][] c = EmotionTrainer.embeddings(fresh, speech, WIDTH);
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                for (int k = 0; k < a[i].length; k++) {
                    diff = Math.max(diff, Math.abs(a[i][k] - c[i][k]));
                }
            }
            assertTrue(diff > 1e-4, "the pretrained weights must differ from a fresh network's");
        }
        ByteArrayOutputStream buf2 = new ByteArrayOutputStream();
        MaskedPretrainer.Result second = new MaskedPretrainer(tiny(0.01), new PrintStream(buf2, true, StandardCharsets.UTF_8))
                .train(speech, dir.resolve("ckpt"), dir.resolve("encoder.pt"));
        assertTrue(buf2.toString(StandardCharsets.UTF_8).contains("resumed at step " + first.steps()), buf2.toString());
        assertTrue(second.steps() > first.steps());
        assertEquals(String.valueOf(second.steps()),
                Files.readString(dir.resolve("ckpt").resolve("state.txt")).split(" ")[0]);
        // another recipe never resumes this checkpoint
        MaskedPretrainer.Settings other = new MaskedPretrainer.Settings(WIDTH, 8, 8, 1, 4, 40, 3e-3, 0.2, 5, 0.1, 3, 1);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new MaskedPretrainer(other, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                        .train(speech, dir.resolve("ckpt"), dir.resolve("encoder.pt")));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }
}
