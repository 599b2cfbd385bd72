package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embedded.EmbeddedEmotionModel;
import io.emotrace.emotion.embedded.EmbeddedWeights;
import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.emotion.embedded.ModelCard;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.MelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few epochs on a handful of real clips: the loss falls, checkpoints resume, weights round-trip exactly. */
class EmotionTrainerTest {

    private static List<Sample> fewClips(Path cacheDir) throws Exception {
        Path root = SharedTestData.require("data/ravdess/labels.csv").getParent().getParent();
        CorpusCatalog cat = CorpusCatalog.load(root, List.of("ravdess"));
        List<Sample> out = new ArrayList<>();
        try (FeatureExtractor fe = FeatureExtractors.cpu(MelConfig.kaldiFbank80(), 1)) {
            FeatureCache cache = new FeatureCache(cacheDir, new FfmpegAudioDecoder(), fe);
            for (CorpusUtterance u : cat.utterances("ravdess-01")) {
                // two classes, four clips each: neutral (01) and angry (05), normal intensity
                String name = u.file().getFileName().toString();
                if ((name.startsWith("03-01-01-01") || name.startsWith("03-01-05-01")) && out.size() < 8) {
                    float[] fb = cache.features(u.file());
                    out.add(new Sample(u, CorpusLabels.map(u.emotion()), fb, fb.length / 80));
                }
            }
            // the second read comes from the cache and is identical
            float[] again = cache.features(out.get(0).utterance().file());
            assertArrayEquals(out.get(0).fbank(), again);
        }
        assertEquals(8, out.size());
        return out;
    }

    private static TrainConfig tiny(int epochs) {
        return new TrainConfig(epochs, 4, 1.0, 3e-3, 0, 0.1, 0.3, 0.0, 16, 16, 3, 1, 2, 0, 0, 0);
    }

    private static List<Double> losses(String log) {
        List<Double> l = new ArrayList<>();
        Matcher m = Pattern.compile("loss ([0-9.]+)").matcher(log);
        while (m.find()) {
            l.add(Double.parseDouble(m.group(1)));
        }
        return l;
    }

    @Test
    void lossFallsAndWeightsRoundTripExactly(@TempDir Path dir) throws Exception {
        List<Sample> clips = fewClips(dir.resolve("cache"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        EmotionNet net = new EmotionTrainer(tiny(8), new PrintStream(buf, true, StandardCharsets.UTF_8))
                .train(clips, 80, null, 11);
        List<Double> l = losses(buf.toString(StandardCharsets.UTF_8));
        assertEquals(8, l.size());
        assertTrue(l.get(7) < l.get(0) * 0.8, "loss did not fall: " + l);
        float[][] before = EmotionTrainer.logits(net, clips, 80);
        ModelCard card = new ModelCard(ModelCard.VERSION, 80, 16, 16, ModelCard.FEATURES, 50, 0.3, "unit test", 2);
        EmbeddedWeights.save(net, card, dir.resolve("model"));
        net.close();
        EmotionNet loaded = EmbeddedWeights.load(EmbeddedWeights.readCard(
                Files.readAllBytes(dir.resolve("model").resolve(EmbeddedWeights.CARD))),
                Files.readAllBytes(dir.resolve("model").resolve(EmbeddedWeights.WEIGHTS)));
        float[][] after = EmotionTrainer.logits(loaded, clips, 80);
        loaded.close();
        for (int i = 0; i < clips.size(); i++) {
            assertArrayEquals(before[i], after[i], 0f);
        }
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.load(dir.resolve("model"))) {
            assertEquals(16, m.embeddingDim());
            assertTrue(m.analyse(List.of(new FfmpegAudioDecoder().decodeAll(clips.get(0).utterance().file())), false)
                    .get(0).ran());
        }
    }

    @Test
    void interruptedRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        List<Sample> clips = fewClips(dir.resolve("cache"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        EmotionNet straight = new EmotionTrainer(tiny(4), quiet).train(clips, 80, dir.resolve("a"), 5);
        float[][] ref = EmotionTrainer.logits(straight, clips, 80);
        straight.close();
        // two epochs, "interrupted", then the same run asked for four resumes from epoch 2
        new EmotionTrainer(tiny(4), quiet).train(clips, 80, dir.resolve("b"), 5, 2).close();
        assertEquals("2", Files.readString(dir.resolve("b").resolve("checkpoint.txt")));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        EmotionNet resumed = new EmotionTrainer(tiny(4), new PrintStream(buf, true, StandardCharsets.UTF_8))
                .train(clips, 80, dir.resolve("b"), 5);
        assertEquals(2, losses(buf.toString(StandardCharsets.UTF_8)).size());
        float[][] got = EmotionTrainer.logits(resumed, clips, 80);
        resumed.close();
        for (int i = 0; i < clips.size(); i++) {
            assertArrayEquals(ref[i], got[i], 1e-4f);
        }
    }

    /** With the corpus adversary on, its classifier is checkpointed too: a resumed run ends where a straight one does. */
    @Test
    void adversarialRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        List<Sample> clips = new ArrayList<>();
        for (Sample s : fewClips(dir.resolve("cache"))) {
            // half the clips posed as a second corpus with the same classes, so the adversary has two to tell apart
            CorpusUtterance u = s.utterance();
            clips.add(clips.size() % 2 == 0 ? s : new Sample(new CorpusUtterance("tess-english", u.file(), u.source(),
                    u.speaker(), u.emotion(), u.text()), s.label(), s.fbank(), s.frames()));
        }
        TrainConfig cfg = tiny(4).withCorpusAdversarial(0.5);
        ByteArrayOutputStream straightLog = new ByteArrayOutputStream();
        EmotionNet straight = new EmotionTrainer(cfg, new PrintStream(straightLog, true, StandardCharsets.UTF_8))
                .train(clips, 80, dir.resolve("a"), 5);
        assertTrue(straightLog.toString(StandardCharsets.UTF_8).contains("corpus classifier"), straightLog.toString());
        assertTrue(Files.isRegularFile(dir.resolve("a").resolve("checkpoint-adversary.pt")));
        float[][] ref = EmotionTrainer.logits(straight, clips, 80);
        straight.close();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new EmotionTrainer(cfg, quiet).train(clips, 80, dir.resolve("b"), 5, 2).close();
        EmotionNet resumed = new EmotionTrainer(cfg, quiet).train(clips, 80, dir.resolve("b"), 5);
        float[][] got = EmotionTrainer.logits(resumed, clips, 80);
        resumed.close();
        EmotionNet plain = new EmotionTrainer(tiny(4), quiet).train(clips, 80, null, 5);
        float[][] without = EmotionTrainer.logits(plain, clips, 80);
        plain.close();
        double differs = 0;
        for (int i = 0; i < clips.size(); i++) {
            assertArrayEquals(ref[i], got[i], 1e-4f);
            for (int k = 0; k < ref[i].length; k++) {
                differs = Math.max(differs, Math.abs(ref[i][k] - without[i][k]));
            }
        }
        assertTrue(differs > 1e-3, "the adversary must change the network's training");
    }
}
