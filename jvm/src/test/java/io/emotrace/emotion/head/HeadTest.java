package io.emotrace.emotion.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.EmotraceException;
import io.emotrace.cli.Main;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.testing.PitchEmotionModel;
import io.emotrace.emotion.testing.SpeechLike;
import io.emotrace.output.NpyWriter;
import io.emotrace.output.ResultJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadTest {
    private static final Path DIR = Path.of("target", "head-test");
    private static final Emotion[] FOUR = {Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD};

    /** Four classes in 128-D: random class means about 6.4 noise sd apart, unit noise (a few percent overlap). */
    private static float[][] data(int perClass, long seed, Emotion[] labelsOut, float[][] means) {
        Random r = new Random(seed);
        float[][] x = new float[perClass * 4][128];
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < perClass; i++) {
                int row = c * perClass + i;
                labelsOut[row] = FOUR[c];
                for (int j = 0; j < 128; j++) {
                    x[row][j] = means[c][j] + (float) r.nextGaussian() + 5;
                }
            }
        }
        return x;
    }

    private static float[][] means() {
        Random r = new Random(99);
        float[][] m = new float[4][128];
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j < 128; j++) {
                m[c][j] = (float) (0.4 * r.nextGaussian());
            }
        }
        return m;
    }

    private static int predict(MlpHead h, float[] x) {
        float[] p = h.scores(x);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    @Test
    void learnsHeldOutClassesUnderFiftyThousandParametersAndRoundTrips() throws Exception {
        float[][] m = means();
        Emotion[] ytr = new Emotion[4 * 60];
        Emotion[] yte = new Emotion[4 * 60];
        float[][] xtr = data(60, 1, ytr, m);
        float[][] xte = data(60, 2, yte, m);
        HeadTrainer.Trained t = HeadTrainer.train(xtr, ytr, HeadTrainer.Config.defaults().withEpochs(60), Map.of());
        MlpHead h = t.head();
        assertTrue(h.parameters() < 50_000, "parameters " + h.parameters());
        assertTrue(t.loss()[t.loss().length - 1] < 0.5 * t.loss()[0], java.util.Arrays.toString(t.loss()));
        int correct = 0;
        for (int i = 0; i < xte.length; i++) {
            float[] p = h.scores(xte[i]);
            assertEquals(0f, p[Emotion.FEARFUL.ordinal()]);
            assertEquals(0f, p[Emotion.UNKNOWN.ordinal()]);
            correct += Emotion.values()[predict(h, xte[i])] == yte[i] ? 1 : 0;
        }
        double acc = correct / (double) xte.length;
        // the Bayes rate of this problem is near 1; chance is 0.25
        assertTrue(acc > 0.85, "held-out accuracy " + acc);
        Files.createDirectories(DIR);
        Path f = DIR.resolve("head.json");
        h.save(f);
        MlpHead back = MlpHead.load(f);
        assertArrayEquals(FOUR, back.classes());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(h.scores(xte[i]), back.scores(xte[i]), 0f);
        }
        JsonNode json = ResultJson.mapper().readTree(f.toFile());
        assertEquals(MlpHead.FORMAT, json.get("format").asText());
        assertEquals(128, json.get("input_dim").asInt());
        Files.writeString(DIR.resolve("bad.json"), "{\"format\":\"something-else\"}");
        assertEquals("emotion.head.format",
                assertThrows(EmotraceException.class, () -> MlpHead.load(DIR.resolve("bad.json"))).code());
        assertThrows(IllegalArgumentException.class, () -> HeadTrainer.train(xtr, ytr,
                HeadTrainer.Config.defaults().withHidden(400), Map.of()));
    }

    @Test
    void aTrainedHeadReplacesTheModelsOwnClassifier() throws Exception {
        // the pitch model calls high voices angry; a head trained on its embeddings with the opposite labels
        // must call them sad: the head, not the backbone, decides
        PitchEmotionModel base = new PitchEmotionModel();
        Random r = new Random(4);
        int n = 40;
        float[][] x = new float[n][];
        Emotion[] y = new Emotion[n];
        for (int i = 0; i < n; i++) {
            boolean high = i % 2 == 0;
            float[] clip = SpeechLike.voiced(16_000, high ? 900 + r.nextInt(300) : 100 + r.nextInt(60), 0.3, i);
            x[i] = base.analyse(List.of(clip), false).get(0).embedding();
            y[i] = high ? Emotion.SAD : Emotion.ANGRY;
        }
        MlpHead head = HeadTrainer.train(x, y, HeadTrainer.Config.defaults().withEpochs(100), Map.of()).head();
        try (HeadedEmotionModel m = new HeadedEmotionModel(base, head, "inverted")) {
            float[] high = SpeechLike.voiced(16_000, 1000, 0.3, 77);
            float[] low = SpeechLike.voiced(16_000, 120, 0.3, 78);
            assertEquals(Emotion.ANGRY, base.analyse(List.of(high), false).get(0).estimate().emotion());
            List<ClipEmotion> out = m.analyse(List.of(high, low, new float[100]), true);
            assertEquals(Emotion.SAD, out.get(0).estimate().emotion());
            assertEquals(Emotion.ANGRY, out.get(1).estimate().emotion());
            // embeddings are the backbone's, frame scores come from the head
            assertArrayEquals(base.analyse(List.of(high), false).get(0).embedding(), out.get(0).embedding());
            assertEquals(out.get(0).frames() * 9, out.get(0).frameScores().length);
            assertEquals(0f, out.get(0).frameScores()[Emotion.HAPPY.ordinal()]);
            assertEquals("pitch-test+inverted", m.name());
        }
        MlpHead wrongDim = HeadTrainer.train(new float[][] {{1, 2, 3}, {3, 2, 1}}, new Emotion[] {Emotion.SAD, Emotion.HAPPY},
                HeadTrainer.Config.defaults().withEpochs(1), Map.of()).head();
        assertEquals("emotion.head.dim", assertThrows(EmotraceException.class,
                () -> new HeadedEmotionModel(new PitchEmotionModel(), wrongDim, "x")).code());
    }

    @Test
    void trainHeadCommandTrainsEvaluatesAndComparesWithTheDefaultHead() throws Exception {
        float[][] m = means();
        Emotion[] y = new Emotion[4 * 40];
        float[][] x = data(40, 5, y, m);
        Path emb = DIR.resolve("emb");
        StringBuilder train = new StringBuilder("file,label\n");
        StringBuilder test = new StringBuilder("file,emotion\n");
        for (int i = 0; i < x.length; i++) {
            String spk = "spk" + (i % 4);
            Path d = Files.createDirectories(emb.resolve(spk + "/utt" + i));
            NpyWriter.write(d.resolve("embedding.npy"), x[i], 1, 128);
            // a default head that always says neutral
            Files.writeString(d.resolve("emotion.json"), "{\"result\":{\"emotion\":\"neutral\",\"scores\":{\"angry\":0.1,"
                    + "\"disgusted\":0,\"fearful\":0,\"happy\":0.1,\"neutral\":0.7,\"other\":0,\"sad\":0.1,\"surprised\":0,\"unknown\":0}}}");
            (i % 4 == 3 ? test : train).append(spk).append("/utt").append(i).append(".flac,").append(y[i].english()).append('\n');
        }
        Files.writeString(DIR.resolve("train.csv"), train);
        Files.writeString(DIR.resolve("test.csv"), test);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(
                "train", "head", "--embeddings", emb.toString(), "--labels", DIR.resolve("train.csv").toString(),
                "--out", DIR.resolve("cli-head.json").toString(), "--epochs", "60",
                "--eval-labels", DIR.resolve("test.csv").toString(), "--metrics", DIR.resolve("metrics.json").toString());
        assertEquals(0, code, err.toString() + out);
        assertTrue(out.toString().contains("trained on 120 embeddings"), out.toString());
        JsonNode metrics = ResultJson.mapper().readTree(DIR.resolve("metrics.json").toFile());
        assertEquals(40, metrics.get("trained_head").get("utterances").asInt());
        assertTrue(metrics.get("trained_head").get("ua").asDouble() > 0.8, metrics.toString());
        // always-neutral: recall 1 on neutral, 0 elsewhere
        assertEquals(0.25, metrics.get("default_head").get("ua").asDouble(), 1e-9);
        assertEquals(MlpHead.FORMAT, ResultJson.mapper().readTree(DIR.resolve("cli-head.json").toFile()).get("format").asText());
        Files.writeString(DIR.resolve("badlabel.csv"), "file,label\nspk0/utt0.flac,bored\n");
        assertEquals(1, Main.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                .execute("train", "head", "--embeddings", emb.toString(), "--labels", DIR.resolve("badlabel.csv").toString(),
                        "--out", DIR.resolve("x.json").toString()));
        assertTrue(err.toString().contains("labels.value"), err.toString());
    }
}
