package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.diarization.embedding.ProjectSpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerFbank;
import io.emotrace.diarization.embedding.SpeakerModelFiles;
import io.emotrace.diarization.embedding.SpeakerNet;
import io.emotrace.diarization.embedding.SpeakerNetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny network on synthetic voices: the loop runs, checkpoints, resumes where it stopped, and its output loads. */
class SpeakerTrainerTest {
    private static final SpeakerNetConfig TINY = new SpeakerNetConfig(80, 16, new int[] {2}, 32, 8, 16, 2);

    @TempDir
    Path dir;

    private static SpeakerClip voice(SpeakerFbank fb, String speaker, double f0, String emotion, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(2 * Math.PI * 2 * f0 * t)
                    + 0.01 * Math.sin(i * 0.37));
        }
        float[] f = fb.rawFbank(x, 0, n);
        return new SpeakerClip(speaker, speaker + "-" + emotion, emotion, x, f, f.length / fb.bins());
    }

    /** Three synthetic voices, a neutral and an angry clip each. */
    private static List<SpeakerClip> threeVoices(SpeakerFbank fb) {
        List<SpeakerClip> train = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (String e : new String[] {"neutral", "angry"}) {
                train.add(voice(fb, "spk" + s, 110 + 60 * s, e, 24_000));
            }
        }
        return train;
    }

    @Test
    void trainsCheckpointsResumesAndWritesALoadableModel() throws Exception {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            List<SpeakerClip> train = threeVoices(fb);
            SpeakerCorpus corpus = SpeakerCorpus.of(train, List.of());
            Path ckpt = dir.resolve("ckpt");
            List<String> log = new ArrayList<>();
            // 6 clips, 2 speakers x 2 crops per batch: 2 steps per epoch
            SpeakerTrainer.Options one = new SpeakerTrainer.Options(1, 10, 3, 2, 1e-3, 0.5, 1, 10);
            SpeakerTrainer.Result first = new SpeakerTrainer(one, log::add).train(corpus, fb, TINY, ckpt);
            first.net().close();
            assertEquals(2, first.steps());
            assertFalse(first.resumed());
            assertTrue(Files.isRegularFile(ckpt.resolve("state.json")));

            SpeakerTrainer.Options two = new SpeakerTrainer.Options(2, 10, 3, 2, 1e-3, 0.5, 1, 10);
            SpeakerTrainer.Result second = new SpeakerTrainer(two, log::add).train(corpus, fb, TINY, ckpt);
            assertTrue(second.resumed(), log.toString());
            assertEquals(4, second.steps(), "continues from step 2 to the planned 4");
            assertTrue(Double.isFinite(second.finalLoss()));

            Path out = dir.resolve("model");
            try (SpeakerNet net = second.net()) {
                SpeakerModelFiles.write(out, net, 0.5, "test", Map.of());
            }
            try (ProjectSpeakerEmbedder e = ProjectSpeakerEmbedder.fromDirectory(out)) {
                assertEquals(16, e.dim());
                float[][] v = e.embed(List.of(train.get(0).samples(), train.get(5).samples()));
                assertEquals(16, v[0].length);
            }
        }
    }

    /**
     * Emotion confusion on a checkpoint trained without it: a new emotion classifier starts, its loss is logged, it is
     * checkpointed beside the network; a checkpoint of another width is refused.
     */
    @Test
    void addsEmotionConfusionToACheckpointAndRefusesAnotherWidth() throws Exception {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            SpeakerCorpus corpus = SpeakerCorpus.of(threeVoices(fb), List.of());
            Path ckpt = dir.resolve("ckpt");
            List<String> log = new ArrayList<>();
            new SpeakerTrainer(new SpeakerTrainer.Options(1, 10, 3, 2, 1e-3, 0.5, 1, 10), log::add)
                    .train(corpus, fb, TINY, ckpt).net().close();
            assertFalse(Files.exists(ckpt.resolve("emotion-head.pt")));
            SpeakerTrainer.Options withConfusion = new SpeakerTrainer.Options(10, 10, 3, 2, 1e-3, 0.5, 1, 10)
                    .withCorpora(true, false).withEmotionConfusion(0.5).withSpecAugment(0.5); // with SpecAugment too
            SpeakerTrainer.Result r = new SpeakerTrainer(withConfusion, log::add).train(corpus, fb, TINY, ckpt);
            r.net().close();
            assertTrue(r.resumed());
            assertTrue(log.stream().anyMatch(l -> l.contains("a new emotion classifier")), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.contains("emotion classifier") && l.contains("confusion")
                    && !l.contains("NaN")), log.toString());
            assertTrue(Files.isRegularFile(ckpt.resolve("emotion-head.pt")));

            SpeakerNetConfig wider = new SpeakerNetConfig(80, 24, new int[] {2}, 32, 8, 16, 2);
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> new SpeakerTrainer(withConfusion, log::add).train(corpus, fb, wider, ckpt));
            assertTrue(e.getMessage().contains("width 16"), e.getMessage());
        }
    }

    /**
     * A large-margin fine-tune: an empty checkpoint folder starts from another run's network with a fresh schedule
     * (step 0, not a resume), draws only the asked crop lengths, records its recipe, then resumes as any run; a
     * starting point of another seed is refused.
     */
    @Test
    void fineTunesFromAnotherCheckpointWithItsOwnSchedule() throws Exception {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            SpeakerCorpus corpus = SpeakerCorpus.of(threeVoices(fb), List.of());
            Path base = dir.resolve("base");
            List<String> log = new ArrayList<>();
            new SpeakerTrainer(new SpeakerTrainer.Options(2, 10, 3, 2, 1e-3, 0.5, 1, 10), log::add)
                    .train(corpus, fb, TINY, base).net().close();
            Path tuned = dir.resolve("tuned");
            SpeakerTrainer.Recipe recipe = new SpeakerTrainer.Recipe(0.35, List.of(250, 300), base);
            SpeakerTrainer.Result r = new SpeakerTrainer(new SpeakerTrainer.Options(1, 10, 3, 2, 1e-4, 0.5, 1, 10),
                    recipe, log::add).train(corpus, fb, TINY, tuned);
            r.net().close();
            assertFalse(r.resumed(), "a fine-tune starts its own schedule");
            assertEquals(2, r.steps(), "one epoch from step 0, not from the base run's step 4");
            assertTrue(log.stream().anyMatch(l -> l.contains("fine-tune from") && l.contains("its step 4")), log.toString());
            var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tuned.resolve("state.json").toFile());
            assertEquals(0.35, state.path("margin").asDouble(), 1e-12);
            assertEquals("[250,300]", state.path("cropFrames").toString());
            assertEquals(base.toString(), state.path("initFrom").asText());

            SpeakerTrainer.Result again = new SpeakerTrainer(new SpeakerTrainer.Options(2, 10, 3, 2, 1e-4, 0.5, 1, 10),
                    recipe, log::add).train(corpus, fb, TINY, tuned);
            again.net().close();
            assertTrue(again.resumed(), "its own checkpoint now holds the run");
            assertEquals(4, again.steps());

            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> new SpeakerTrainer(new SpeakerTrainer.Options(1, 10, 4, 2, 1e-4, 0.5, 1, 10), recipe, log::add)
                            .train(corpus, fb, TINY, dir.resolve("other")));
            assertTrue(e.getMessage().contains("--init-from"), e.getMessage());
        }
    }

    @Test
    void learningRateWarmsUpThenDecays() {
        SpeakerTrainer t = new SpeakerTrainer(new SpeakerTrainer.Options(1, 1, 1, 2, 1e-3, 0, 1, 1), s -> { });
        assertEquals(1e-4, t.learningRate(0), 1e-12);
        assertEquals(1e-3, t.learningRate(0.03), 1e-9);
        assertTrue(t.learningRate(0.5) < t.learningRate(0.1));
        assertEquals(2e-5, t.learningRate(1.0), 1e-9);
    }
}
