package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A tiny real leave-one-corpus-out run: two small corpora, a few clips per speaker, a tiny network, 2 epochs. */
class LocoRunTest {
    /** The shared data root holding the two small corpora every run here uses. */
    private static Path corpora() {
        SharedTestData.require("data/korean-emotion/labels.csv");
        return SharedTestData.require("data/urdu/labels.csv").getParent().getParent();
    }

    private static final List<String> CORPORA = List.of("urdu", "korean-emotion");

    /** A run over {@link #CORPORA} holding out {@code held}, 4 clips per speaker, quick, its work under {@code dir}. */
    private static LocoRun.Options options(Path dir, String out, List<String> held, int epochs,
            io.emotrace.emotion.embedded.FeatureNorm norm, double headMinutes, int ensemble) {
        return new LocoRun.Options(corpora(), dir.resolve(out), CORPORA, held, tiny(epochs), 16, dir.resolve("cache"), 4,
                "test", true, dir.resolve("work"), norm, headMinutes, ensemble, false, false);
    }

    /** A tiny network (16 channels, one block) trained for {@code epochs} epochs of batches of 8. */
    private static TrainConfig tiny(int epochs) {
        return new TrainConfig(epochs, 8, 1.0, 3e-3, 0, 0.1, 0.2, 0.0, 16, 16, 5, 1, 1, 0, 0, 0);
    }

    @Test
    @Timeout(60)
    void twoFoldLocoWritesMetricsCalibrationAndPlotsAndResumes(@TempDir Path dir) throws Exception {
        List<String> corpora = CORPORA;
        LocoRun.Options opt = options(dir, "out", corpora, 2, io.emotrace.emotion.embedded.FeatureNorm.CLIP_LEVEL, 0, 1);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        JsonNode r = new LocoRun(opt, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        String log = buf.toString(StandardCharsets.UTF_8);
        for (String c : corpora) {
            JsonNode f = r.path("folds").path(c);
            assertTrue(f.path("clips").asInt() > 20, c + ": " + f);
            double ua = f.path("shared_4").path("ua").asDouble(-1);
            assertTrue(ua >= 0 && ua <= 1, c + " UA " + ua);
            assertEquals(4, f.path("shared_4").path("confusion_rows_truth_cols_predicted").size());
            JsonNode ci = f.path("shared_4").path("ua_ci95_speaker_bootstrap");
            assertTrue(ci.get(0).asDouble() <= ua + 1e-3 && ua <= ci.get(1).asDouble() + 1e-3, c + ": " + ci);
            assertTrue(f.path("temperature").asDouble() >= 0.05 && f.path("temperature").asDouble() <= 20);
            assertTrue(f.path("validation_clips").asInt() > 0, "validation speakers come from the training corpus");
            assertTrue(f.has("ece15_7class_before") && f.has("ece15_7class_after"));
            // the cross-corpus temperature of one fold comes from the other fold's held-out corpus
            assertTrue(f.path("cross_corpus_calibration").path("temperature").asDouble() > 0, f.toString());
            JsonNode eceCi = f.path("cross_corpus_calibration").path("ece15_7class_ci95_speaker_bootstrap");
            assertTrue(eceCi.get(0).asDouble() <= eceCi.get(1).asDouble(), eceCi.toString());
            assertTrue(Files.readString(dir.resolve("out").resolve("reliability-" + c + ".svg")).startsWith("<svg"));
        }
        assertTrue(r.path("mean_over_folds").has("shared_4_ua"));
        JsonNode meanCi = r.path("mean_over_folds").path("shared_4_ua_ci95_speaker_bootstrap");
        double meanUa = r.path("mean_over_folds").path("shared_4_ua").asDouble();
        assertTrue(meanCi.get(0).asDouble() <= meanUa + 1e-3 && meanUa <= meanCi.get(1).asDouble() + 1e-3, meanCi.toString());
        assertTrue(log.contains("intervals over each held-out corpus's speakers"), log);
        assertTrue(r.path("cross_corpus_pooled").path("temperature").asDouble() > 0);
        assertTrue(Files.isRegularFile(dir.resolve("out/loco.json")));
        assertTrue(Files.isRegularFile(dir.resolve("out/reliability-loco.svg")));
        assertTrue(log.contains("MEAN"), log);
        // a rerun reads the finished folds instead of training again
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        JsonNode r2 = new LocoRun(opt, new PrintStream(again, true, StandardCharsets.UTF_8)).run();
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("already done"));
        assertEquals(r.path("mean_over_folds"), r2.path("mean_over_folds"));
    }

    /** Speaker-normalised folds also judge single clips alone, and a head trained on minutes of the held-out corpus. */
    @Test
    @Timeout(90)
    void speakerNormalisedFoldsReportSingleClipsAndANewLanguageHead(@TempDir Path dir) throws Exception {
        List<String> corpora = CORPORA;
        LocoRun.Options opt = options(dir, "out", corpora, 2, io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS, 0.5, 1);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        JsonNode r = new LocoRun(opt, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        String log = buf.toString(StandardCharsets.UTF_8);
        assertEquals("SPEAKER_BINS", r.path("feature_norm").asText());
        int heads = 0;
        for (String c : corpora) {
            JsonNode f = r.path("folds").path(c);
            double alone = f.path("shared_4_single_clip").path("ua").asDouble(-1);
            assertTrue(alone >= 0 && alone <= 1, c + ": " + f.path("shared_4_single_clip"));
            JsonNode h = f.path("new_language_head");
            assertTrue(h.path("adaptation_seconds").asDouble() >= 30 || h.has("skipped"), h.toString());
            assertTrue(h.path("adaptation_speakers").asInt() + h.path("test_speakers").asInt() >= 2, h.toString());
            if (!h.has("skipped")) {
                double ua = h.path("head_shared_4").path("ua").asDouble(-1);
                assertTrue(ua >= 0 && ua <= 1, h.toString());
                assertTrue(h.path("backbone_shared_4").has("ua"), h.toString());
                heads++;
            }
        }
        assertTrue(heads > 0, "at least one fold trained a head: " + log);
        assertTrue(r.path("mean_over_folds").has("new_language_head_ua"), r.path("mean_over_folds").toString());
        assertTrue(r.path("mean_over_folds").has("shared_4_single_clip_ua"), r.path("mean_over_folds").toString());
        assertTrue(log.contains("single clips without their speaker's other speech"), log);
    }

    /** An ensemble trains a model per seed in its own folder, reports each member, and answers with their mean. */
    @Test
    @Timeout(90)
    void anEnsembleFoldAveragesItsMembersAndReusesTheSingleModel(@TempDir Path dir) throws Exception {
        List<String> held = List.of("korean-emotion");
        LocoRun.Options single = options(dir, "out1", held, 1, io.emotrace.emotion.embedded.FeatureNorm.CLIP_LEVEL, 0, 1);
        new LocoRun(single, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        LocoRun.Options two = options(dir, "out2", held, 1, io.emotrace.emotion.embedded.FeatureNorm.CLIP_LEVEL, 0, 2);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        JsonNode r = new LocoRun(two, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        String log = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, r.path("ensemble").asInt());
        assertTrue(log.contains("already done"), "member 0 is the single model's fold, reused: " + log);
        assertTrue(log.contains("member-1"), log);
        assertTrue(log.contains("ensemble member 0 alone") && log.contains("ensemble member 1 alone"), log);
        double ua = r.path("folds").path("korean-emotion").path("shared_4").path("ua").asDouble(-1);
        assertTrue(ua >= 0 && ua <= 1, r.path("folds").toString());
    }

    @Test
    @Timeout(90)
    void aTelephoneRunJudgesTheHeldOutClipsThroughTheLineWithTheSameFoldModel(@TempDir Path dir) throws Exception {
        List<String> held = List.of("korean-emotion");
        LocoRun.Options plain = options(dir, "out1", held, 1, io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS, 0, 1);
        JsonNode p = run(plain).result();
        LocoRun.Options tel = lineVariant(plain, dir.resolve("out2"), true, false, false);
        Run variant = run(tel);
        JsonNode r = variant.result();
        String log = variant.log();
        assertTrue(log.contains("already done"), "the fold model is the plain run's, reused: " + log);
        JsonNode t = r.path("folds").path("korean-emotion").path("telephone");
        assertEquals(p.path("folds").path("korean-emotion").path("clips").asInt(), t.path("clips").asInt(), t.toString());
        assertEquals(p.path("folds").path("korean-emotion").path("shared_4").path("ua").asDouble(),
                t.path("wideband_cnn_alone_shared_4_ua").asDouble(), 1e-3);
        double ua = t.path("cnn_alone_shared_4").path("ua").asDouble(-1);
        assertTrue(ua >= 0 && ua <= 1, t.toString());
        assertTrue(log.contains("through a telephone line"), log);
        // the line's features are cached apart from the recording's: both kinds of entry exist
        try (var files = java.nio.file.Files.list(plain.cacheDir())) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".tel.fb")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".fb") && !n.endsWith(".tel.fb")), names.toString());
        }
        // a rerun reads the cached telephone logits and gives the same figure
        JsonNode again = new LocoRun(tel, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertEquals(ua, again.path("folds").path("korean-emotion").path("telephone").path("cnn_alone_shared_4")
                .path("ua").asDouble(), 1e-9);
    }

    @Test
    @Timeout(90)
    void telephoneAugmentedFoldsTrainApartOnTheClipsAndTheirLineCopies(@TempDir Path dir) throws Exception {
        List<String> held = List.of("korean-emotion");
        LocoRun.Options plain = options(dir, "out1", held, 1, io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS, 0, 1);
        JsonNode p = run(plain).result();
        LocoRun.Options aug = lineVariant(plain, dir.resolve("out2"), false, true, false);
        Run variant = run(aug);
        JsonNode r = variant.result();
        String log = variant.log();
        assertFalse(log.contains("already done"), "an augmented fold is not the plain run's: " + log);
        assertTrue(log.matches("(?s).*telephone augmentation: [1-9]\\d* clips.*"), log);
        assertTrue(r.path("telephone_augment").asBoolean());
        // the held-out corpus is judged as recorded, on the same clips
        assertEquals(p.path("folds").path("korean-emotion").path("clips").asInt(),
                r.path("folds").path("korean-emotion").path("clips").asInt());
    }

    @Test
    @Timeout(120)
    void aCallsModelTrainsOnTheTrainingSpeakersLineClipsAndJudgesTheHeldOutLine(@TempDir Path dir) throws Exception {
        List<String> held = List.of("korean-emotion");
        LocoRun.Options plain = options(dir, "out1", held, 1, io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS, 0, 1);
        JsonNode p = run(plain).result();
        LocoRun.Options calls = lineVariant(plain, dir.resolve("out2"), true, false, true);
        Run variant = run(calls);
        JsonNode r = variant.result();
        String log = variant.log();
        assertTrue(log.contains("already done"), "the fold's own model is the plain run's, reused: " + log);
        assertTrue(log.contains("calls model: checkpoints in"), "the calls model is trained: " + log);
        JsonNode c = r.path("folds").path("korean-emotion").path("telephone").path("calls_model");
        // its training clips: the line copies of the training corpus's speakers, none of the held-out corpus
        int trainClips = c.path("training_clips").asInt();
        int validation = p.path("folds").path("korean-emotion").path("validation_clips").asInt();
        assertTrue(validation > 0, p.toString());
        // urdu's 29 speakers, 4 clips each at most: the validation speakers' are not the calls model's
        assertTrue(trainClips > 0 && trainClips + validation <= 29 * 4, trainClips + " + " + validation);
        double ua = c.path("cnn_alone_shared_4").path("ua").asDouble(-1);
        assertTrue(ua >= 0 && ua <= 1, c.toString());
        assertTrue(log.contains("a calls model trained on the line"), log);
        // a rerun reads the calls model's cached logits: same figure, no training
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        JsonNode r2 = new LocoRun(calls, new PrintStream(again, true, StandardCharsets.UTF_8)).run();
        assertFalse(again.toString(StandardCharsets.UTF_8).contains("calls model: checkpoints in"));
        assertEquals(ua, r2.path("folds").path("korean-emotion").path("telephone").path("calls_model")
                .path("cnn_alone_shared_4").path("ua").asDouble(), 1e-9);
        // a calls model is the plain run's companion: not with line copies in the fold's own training
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> lineVariant(plain, dir.resolve("out3"), true, true, true));
    }

    @Test
    @Timeout(120)
    void callsModelsWithoutHeadsGetTheirCrossCorpusCalibration(@TempDir Path dir) throws Exception {
        // each corpus held out in turn: the calls CNNs' temperature is fitted on the other fold's line answers
        LocoRun.Options plain = options(dir, "out1", CORPORA, 1, io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS,
                0, 1);
        JsonNode r = run(lineVariant(plain, dir.resolve("out2"), true, false, true)).result();
        JsonNode cal = r.path("calls_model_cnn_alone_calibration");
        for (String h : CORPORA) {
            double ece = cal.path(h + "_ece15_7class").asDouble(-1);
            assertTrue(ece >= 0 && ece <= 1, cal.toString());
        }
        assertTrue(cal.path("pooled_temperature").asDouble() > 0, cal.toString());
        assertTrue(r.path("calls_model_calibration").isMissingNode(), "no heads, no fused calls answer: " + r);
    }

    /** A run's result and what it logged. */
    private record Run(JsonNode result, String log) {
    }

    private static Run run(LocoRun.Options o) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        JsonNode r = new LocoRun(o, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        return new Run(r, buf.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code plain} writing to {@code out}, judged through a telephone line, trained on line copies too, and/or with a
     * calls model.
     */
    private static LocoRun.Options lineVariant(LocoRun.Options plain, Path out, boolean telephone, boolean augment,
            boolean callsModel) {
        return new LocoRun.Options(plain.dataRoot(), out, plain.corpora(), plain.heldOut(), plain.config(),
                plain.perCorpusPerEpoch(), plain.cacheDir(), plain.limitPerSpeaker(), "test", true, plain.workRoot(),
                plain.norm(), 0, 1, false, false, null, false, false, false, NormAdaptation.NONE, 0, telephone, augment,
                callsModel);
    }

    @Test
    void theEnsembleAnswerIsTheElementWiseMeanOfItsMembersLogits() {
        float[][] a = {{1, 2}, {3, 4}};
        float[][] b = {{3, 0}, {-1, 4}};
        float[][] m = LocoRun.mean(List.of(a, b));
        assertEquals(2f, m[0][0], 1e-6);
        assertEquals(1f, m[0][1], 1e-6);
        assertEquals(1f, m[1][0], 1e-6);
        assertEquals(4f, m[1][1], 1e-6);
    }
}
