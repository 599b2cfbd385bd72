package io.emotrace.emotion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.Segment;
import io.emotrace.emotion.standin.Emotion2VecStandIn;
import io.emotrace.models.ModelManifest;
import io.emotrace.models.ModelStore;
import io.emotrace.output.NumpyCheck;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.runtime.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole Emotion2Vec+ plumbing through ONNX Runtime, on a generated stand-in with the export's signature. */
class Emotion2VecOnnxRecognizerTest {
    private static final int D = 12;
    private static final Path DIR = Path.of("target", "stand-ins", "emotion2vec");
    private static Emotion2VecStandIn.Weights weights;

    @BeforeAll
    static void generate() throws Exception {
        Files.createDirectories(DIR);
        weights = Emotion2VecStandIn.generate(DIR, "e2v_stand_in", D, 7);
    }

    private static Emotion2VecOnnxRecognizer open(Emotion2VecHead head, Emotion2VecOnnxRecognizer.Settings s) throws Exception {
        return new Emotion2VecOnnxRecognizer(OnnxModel.load(weights.onnx(), OnnxModel.Options.cpu(1)), head, s, "stand-in");
    }

    private static Emotion2VecOnnxRecognizer open() throws Exception {
        return open(Emotion2VecHead.loadBeside(weights.onnx(), EnumSet.allOf(Emotion.class)),
                Emotion2VecOnnxRecognizer.Settings.defaults());
    }

    /** A speech-like test signal: a few partials, an envelope, noise, a DC offset and a small amplitude. */
    private static float[] clip(int samples, long seed) {
        Random r = new Random(seed);
        double f1 = 120 + r.nextInt(200);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            double t = i / 16000.0;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t + seed);
            x[i] = (float) (0.05 + 0.03 * env * (Math.sin(2 * Math.PI * f1 * t) + 0.5 * Math.sin(2 * Math.PI * 2.7 * f1 * t))
                    + 0.002 * r.nextGaussian());
        }
        return x;
    }

    private static float[] mean(float[] frames, int t, int d) {
        float[] m = new float[d];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                m[j] += frames[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= t;
        }
        return m;
    }

    @Test
    void framesFollowTheFrontEndArithmeticAt50Hz() throws Exception {
        assertEquals(0, Emotion2VecSignature.frameCount(399));
        assertEquals(1, Emotion2VecSignature.frameCount(400));
        assertEquals(49, Emotion2VecSignature.frameCount(16_000));
        assertEquals(149, Emotion2VecSignature.frameCount(48_000));
        for (int n = 400; n < 40_000; n += 37) {
            assertEquals((n - 400) / 320 + 1, Emotion2VecSignature.frameCount(n), "samples " + n);
        }
        try (Emotion2VecOnnxRecognizer rec = open()) {
            for (int n : new int[] {4800, 5119, 5120, 16_000, 48_123}) {
                ClipEmotion r = rec.analyse(List.of(clip(n, n)), true).get(0);
                assertEquals(Emotion2VecSignature.frameCount(n), r.frames(), "frames for " + n + " samples");
                assertEquals(r.frames() * D, r.frameFeatures().length);
                assertEquals(D, r.embedding().length);
            }
        }
    }

    @Test
    void inputIsLayerNormalisedPerUtteranceAsFunAsrDoes() throws Exception {
        float[] x = clip(16_000, 3);
        float[] n = Emotion2VecSignature.layerNorm(x);
        double m = 0;
        double v = 0;
        for (float f : n) {
            m += f;
        }
        m /= n.length;
        for (float f : n) {
            v += (f - m) * (f - m);
        }
        double rawMean = 0;
        double rawVar = 0;
        for (float f : x) {
            rawMean += f;
        }
        rawMean /= x.length;
        for (float f : x) {
            rawVar += (f - rawMean) * (f - rawMean);
        }
        rawVar /= x.length;
        assertEquals(0, m, 1e-5);
        // biased variance with eps 1e-5 inside the root, as torch.nn.functional.layer_norm
        assertEquals(rawVar / (rawVar + 1e-5), v / n.length, 1e-4);
        try (Emotion2VecOnnxRecognizer rec = open()) {
            ClipEmotion r = rec.analyse(List.of(x), true).get(0);
            float[] expected = Emotion2VecStandIn.expectedFrames(weights, n);
            assertArrayEquals(expected, r.frameFeatures(), 1e-4f, "features of the normalised waveform");
            float[] raw = Emotion2VecStandIn.expectedFrames(weights, x);
            double diff = 0;
            for (int i = 0; i < raw.length; i++) {
                diff = Math.max(diff, Math.abs(raw[i] - r.frameFeatures()[i]));
            }
            assertTrue(diff > 0.05, "the stand-in must tell normalised from raw input, max diff " + diff);
            // a DC offset does not matter after the layer norm (a gain nearly not: eps keeps it from being exact)
            float[] scaled = x.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = scaled[i] - 0.2f;
            }
            ClipEmotion s = rec.analyse(List.of(scaled), true).get(0);
            assertArrayEquals(r.embedding(), s.embedding(), 1e-4f);
        }
    }

    @Test
    void batchedClipsGiveTheSameResultsAsSingleRuns() throws Exception {
        List<float[]> clips = List.of(clip(16_000, 1), clip(24_000, 2), clip(16_000, 3), clip(16_000, 4), clip(3000, 5));
        try (Emotion2VecOnnxRecognizer rec = open()) {
            List<ClipEmotion> batched = rec.analyse(clips, true);
            assertEquals(2, rec.runCount(), "three 1 s clips share one run, the 1.5 s clip runs alone, the 0.19 s clip not at all");
            for (int i = 0; i < clips.size(); i++) {
                ClipEmotion single = rec.analyse(List.of(clips.get(i)), true).get(0);
                ClipEmotion b = batched.get(i);
                assertEquals(single.ran(), b.ran());
                if (b.ran()) {
                    assertArrayEquals(single.frameFeatures(), b.frameFeatures(), 1e-6f, "clip " + i);
                    assertEquals(single.estimate(), b.estimate());
                }
            }
        }
        // a small sample cap splits the equal-length group into runs of one clip, same numbers
        try (Emotion2VecOnnxRecognizer rec = open(Emotion2VecHead.loadBeside(weights.onnx(), EnumSet.allOf(Emotion.class)),
                new Emotion2VecOnnxRecognizer.Settings(20_000, 0.3))) {
            List<ClipEmotion> capped = rec.analyse(clips, false);
            assertEquals(4, rec.runCount());
            assertNull(capped.get(0).frameFeatures());
        }
    }

    @Test
    void scoresAreTheSoftmaxOfTheHeadOverTheFrameMeanInFunAsrTokenOrder() throws Exception {
        List<String> funasrTokens = List.of("生气/angry", "厌恶/disgusted", "恐惧/fearful", "开心/happy", "中立/neutral",
                "其他/other", "难过/sad", "吃惊/surprised", "<unk>");
        for (int k = 0; k < 9; k++) {
            assertEquals(funasrTokens.get(k), Emotion.values()[k].modelLabel());
        }
        float[] x = clip(20_000, 9);
        try (Emotion2VecOnnxRecognizer rec = open()) {
            ClipEmotion r = rec.analyse(List.of(x), true).get(0);
            float[] m = mean(Emotion2VecStandIn.expectedFrames(weights, Emotion2VecSignature.layerNorm(x)), r.frames(), D);
            double[] logits = new double[9];
            double z = 0;
            for (int c = 0; c < 9; c++) {
                logits[c] = weights.projBias()[c];
                for (int j = 0; j < D; j++) {
                    logits[c] += weights.projWeight()[c * D + j] * m[j];
                }
                z += Math.exp(logits[c]);
            }
            for (int c = 0; c < 9; c++) {
                assertEquals(Math.exp(logits[c]) / z, r.estimate().scores().get(Emotion.values()[c]), 1e-4, "class " + c);
            }
        }
        // each class index maps to its own label: a head whose bias favours class k must name class k
        for (int k = 0; k < 9; k++) {
            float[] bias = new float[9];
            bias[k] = 4;
            Emotion2VecHead h = new Emotion2VecHead(new float[9 * D], bias, D, EnumSet.allOf(Emotion.class));
            try (Emotion2VecOnnxRecognizer rec = open(h, Emotion2VecOnnxRecognizer.Settings.defaults())) {
                EmotionEstimate e = rec.analyse(List.of(x), false).get(0).estimate();
                assertEquals(Emotion.values()[k], e.emotion());
                assertEquals(Math.exp(4) / (Math.exp(4) + 8), e.confidence(), 1e-5);
            }
        }
    }

    @Test
    void classesOutsideTheAllowedSetScoreZero() throws Exception {
        EnumSet<Emotion> five = EnumSet.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD, Emotion.UNKNOWN);
        try (Emotion2VecOnnxRecognizer rec = open(Emotion2VecHead.loadBeside(weights.onnx(), five),
                Emotion2VecOnnxRecognizer.Settings.defaults())) {
            EmotionEstimate e = rec.analyse(List.of(clip(16_000, 11)), false).get(0).estimate();
            double total = 0;
            for (Emotion c : Emotion.values()) {
                double s = e.scores().get(c);
                total += s;
                if (!five.contains(c)) {
                    assertEquals(0.0, s);
                }
            }
            assertEquals(1.0, total, 1e-5);
            assertTrue(five.contains(e.emotion()));
        }
    }

    @Test
    void tooShortClipsAreUnknownWithAReasonNotACrash() throws Exception {
        try (Emotion2VecOnnxRecognizer rec = open()) {
            List<ClipEmotion> r = rec.analyse(List.of(new float[0], new float[300], clip(4000, 1)), true);
            for (ClipEmotion e : r) {
                assertFalse(e.ran());
                assertEquals(Emotion.UNKNOWN, e.estimate().emotion());
                assertEquals(0.0, e.estimate().confidence());
                assertTrue(e.reason().contains("too short"), e.reason());
            }
            assertEquals(0, rec.runCount());
            float[] broken = clip(16_000, 2);
            broken[100] = Float.NaN;
            ClipEmotion nan = rec.analyse(List.of(broken), false).get(0);
            assertEquals(Emotion.UNKNOWN, nan.estimate().emotion());
            assertTrue(nan.reason().contains("NaN"), nan.reason());
            // silence is all zeros after the layer norm: it runs and gives finite scores
            ClipEmotion silence = rec.analyse(List.of(new float[16_000]), false).get(0);
            assertTrue(silence.ran());
            silence.estimate().scores().values().forEach(v -> assertTrue(Double.isFinite(v)));
        }
    }

    @Test
    void embeddingsLoadInNumpyAsOneByDAndTByD() throws Exception {
        Path out = Files.createDirectories(DIR.resolve("npy"));
        try (Emotion2VecOnnxRecognizer rec = open()) {
            ClipEmotion r = rec.analyse(List.of(clip(48_000, 4)), true).get(0);
            Path utt = out.resolve("embedding.npy");
            r.writeUtteranceNpy(utt);
            String[] u = NumpyCheck.load(utt);
            assertEquals("shape=(1, " + D + ") dtype=float32 c=True", u[0]);
            for (int j = 0; j < D; j++) {
                assertEquals(r.embedding()[j], (float) Double.parseDouble(u[j + 1]), 0f);
            }
            Path frames = out.resolve("frames.npy");
            r.writeFramesNpy(frames);
            String[] f = NumpyCheck.load(frames);
            assertEquals("shape=(149, " + D + ") dtype=float32 c=True", f[0]);
            assertEquals(149 * D, f.length - 1);
            assertEquals(r.frameFeatures()[148 * D + 5], (float) Double.parseDouble(f[1 + 148 * D + 5]), 0f);
        }
    }

    @Test
    void foreignSignatureIsRefused() throws Exception {
        Path other = Emotion2VecStandIn.writeModel(DIR.resolve("wrong_input.onnx"), "speech", D, weights.conv(), weights.convBias());
        Emotion2VecHead head = Emotion2VecHead.loadBeside(weights.onnx(), EnumSet.allOf(Emotion.class));
        OnnxModel m = OnnxModel.load(other, OnnxModel.Options.cpu(1));
        try {
            EmotraceException e = assertThrows(EmotraceException.class,
                    () -> new Emotion2VecOnnxRecognizer(m, head, Emotion2VecOnnxRecognizer.Settings.defaults(), "x"));
            assertEquals("emotion.model.signature", e.code());
        } finally {
            m.close();
        }
        Emotion2VecHead wrongDim = new Emotion2VecHead(new float[9 * (D + 1)], new float[9], D + 1, EnumSet.allOf(Emotion.class));
        OnnxModel m2 = OnnxModel.load(weights.onnx(), OnnxModel.Options.cpu(1));
        try {
            assertThrows(EmotraceException.class,
                    () -> new Emotion2VecOnnxRecognizer(m2, wrongDim, Emotion2VecOnnxRecognizer.Settings.defaults(), "x"));
        } finally {
            m2.close();
        }
    }

    @Test
    void factoryReportsMissingModelWithTheFixAndRunsWhenPresent() throws Exception {
        Path cache = Files.createDirectories(DIR.resolve("empty-cache"));
        ModelStore empty = new ModelStore(ModelManifest.load(), cache, cache);
        Availability a = new Emotion2VecFactory("large", empty, EnumSet.allOf(Emotion.class),
                Emotion2VecOnnxRecognizer.Settings.defaults()).availability();
        assertFalse(a.available());
        assertTrue(a.detail().contains("models fetch emotion2vec-plus-large"), a.detail());
        assertThrows(EmotraceException.class, () -> new Emotion2VecFactory("large", empty, EnumSet.allOf(Emotion.class),
                Emotion2VecOnnxRecognizer.Settings.defaults()).create());

        Path headless = Files.copy(weights.onnx(), DIR.resolve("headless.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Availability h = new Emotion2VecFactory(headless.toString(), empty, EnumSet.allOf(Emotion.class),
                Emotion2VecOnnxRecognizer.Settings.defaults()).availability();
        assertFalse(h.available());
        assertTrue(h.detail().contains("proj.weight"), h.detail());

        Emotion2VecFactory f = new Emotion2VecFactory(weights.onnx().toString(), empty, EnumSet.allOf(Emotion.class),
                Emotion2VecOnnxRecognizer.Settings.defaults());
        assertTrue(f.availability().available(), f.availability().detail());
        float[] audio = new float[16_000 * 4];
        System.arraycopy(clip(16_000, 1), 0, audio, 0, 16_000);
        System.arraycopy(clip(32_000, 2), 0, audio, 16_000, 32_000);
        try (EmotionRecognizer rec = f.create(); Emotion2VecOnnxRecognizer direct = open()) {
            List<EmotionEstimate> est = rec.recognize(new ArrayAudioSource(audio, 16_000),
                    List.of(new Segment("A", 0, 1), new Segment("B", 1, 3), new Segment("A", 3.9, 4.0)), ProgressListener.NONE);
            assertEquals(3, est.size());
            // the factory's session uses several threads, the direct one a single thread: equal up to rounding
            assertSameEstimate(direct.analyse(List.of(clip(16_000, 1)), false).get(0).estimate(), est.get(0));
            assertSameEstimate(direct.analyse(List.of(clip(32_000, 2)), false).get(0).estimate(), est.get(1));
            assertEquals(Emotion.UNKNOWN, est.get(2).emotion());
            assertNotNull(rec.describe());
        }
    }

    private static void assertSameEstimate(EmotionEstimate expected, EmotionEstimate actual) {
        assertEquals(expected.emotion(), actual.emotion());
        for (Emotion c : Emotion.values()) {
            assertEquals(expected.scores().get(c), actual.scores().get(c), 1e-6, c.english());
        }
    }
}
