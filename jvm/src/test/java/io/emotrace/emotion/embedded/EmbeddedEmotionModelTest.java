package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed embedded model, loaded from the classpath, on real speech and on inputs it must refuse. */
class EmbeddedEmotionModelTest {
    private static EmbeddedEmotionModel model;

    @BeforeAll
    static void load() throws Exception {
        model = EmbeddedEmotionModel.loadDefault();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] ravdess(String file) throws Exception {
        Path p = SharedTestData.require("data/ravdess/" + file);
        return new FfmpegAudioDecoder().decodeAll(p);
    }

    private static float[] fb(float[] clip) {
        try (var fe = io.emotrace.features.FeatureExtractors.cpu(io.emotrace.features.MelConfig.kaldiFbank80(), 1)) {
            return fe.compute(clip);
        }
    }

    @Test
    void realSpeechGivesNineScoresFramesAtFiftyPerSecondAndMeanEmbedding() throws Exception {
        float[] clip = ravdess("Actor_01/03-01-05-02-01-01-01.flac");
        ClipEmotion r = model.analyse(List.of(clip), true).get(0);
        assertTrue(r.ran(), r.reason());
        double sum = r.estimate().scores().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-4);
        assertEquals(0.0, r.estimate().scores().get(Emotion.UNKNOWN));
        assertEquals(0.0, r.estimate().scores().get(Emotion.OTHER));
        int fbankFrames = (clip.length - 400) / 160 + 1;
        assertEquals(EmotionNet.outputFrames(fbankFrames), r.frames());
        assertEquals(r.frames() / (clip.length / 16000.0), model.frameRate(), 1.0);
        assertEquals(model.embeddingDim(), r.dim());
        assertEquals(r.frames() * r.dim(), r.frameFeatures().length);
        assertEquals(r.frames() * Emotion.values().length, r.frameScores().length);
        for (int t = 0; t < r.frames(); t += 17) {
            double rowSum = 0;
            for (int c = 0; c < 9; c++) {
                rowSum += r.frameScores()[t * 9 + c];
            }
            assertEquals(1.0, rowSum, 1e-4);
        }
        for (float v : r.embedding()) {
            assertTrue(Float.isFinite(v));
        }
        // a clip that is all speech span: the utterance embedding is exactly the mean of its frames
        int[] span = FbankPrep.speechSpan(fb(clip), (clip.length - 400) / 160 + 1, 80);
        float[] speech = Arrays.copyOfRange(clip, span[0] * 160, Math.min(clip.length, (span[1] - 1) * 160 + 400));
        ClipEmotion s = model.analyse(List.of(speech), true).get(0);
        float[] mean = new float[s.dim()];
        for (int t = 0; t < s.frames(); t++) {
            for (int d = 0; d < s.dim(); d++) {
                mean[d] += s.frameFeatures()[t * s.dim() + d] / s.frames();
            }
        }
        assertArrayEquals(mean, s.embedding(), 1e-3f);
        // without frames the utterance answer is the same
        ClipEmotion again = model.analyse(List.of(clip), false).get(0);
        assertEquals(r.estimate(), again.estimate());
        assertArrayEquals(r.embedding(), again.embedding(), 1e-6f);
        assertEquals(null, again.frameFeatures());
    }

    @Test
    void quietSpeechWithPausesIsStillJudged() throws Exception {
        // some RAVDESS takes average under -50 dBFS (long pauses) while their speech peaks near -44 dBFS
        float[] clip = ravdess("Actor_01/03-01-05-02-01-01-01.flac");
        double sum = 0;
        for (float v : clip) {
            sum += (double) v * v;
        }
        double gain = Math.pow(10, -56 / 20.0) / Math.sqrt(sum / clip.length);
        float[] quiet = new float[clip.length];
        for (int i = 0; i < clip.length; i++) {
            quiet[i] = (float) (clip[i] * gain);
        }
        ClipEmotion r = model.analyse(List.of(quiet), false).get(0);
        assertTrue(r.ran(), "quiet speech was refused: " + r.reason());
    }

    @Test
    void badInputIsUnknownWithAReasonNeverAnError() throws Exception {
        float[] shortClip = Arrays.copyOf(ravdess("Actor_01/03-01-05-02-01-01-01.flac"), 3200);
        float[] silence = new float[32000];
        float[] click = new float[32000];
        click[16000] = 0.9f;
        float[] nan = new float[16000];
        Arrays.fill(nan, Float.NaN);
        List<ClipEmotion> rs = model.analyse(List.of(shortClip, silence, click, nan), true);
        for (ClipEmotion r : rs) {
            assertFalse(r.ran());
            assertEquals(Emotion.UNKNOWN, r.estimate().emotion());
            assertNotNull(r.reason());
        }
        assertTrue(rs.get(0).reason().startsWith("too short"), rs.get(0).reason());
        assertTrue(rs.get(1).reason().startsWith("silence"), rs.get(1).reason());
        assertTrue(rs.get(2).reason().startsWith("too little signal"), rs.get(2).reason());
        // loud noise is judged, not refused: the gate only removes what has no signal
        Random rnd = new Random(1);
        float[] noise = new float[48000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * rnd.nextGaussian());
        }
        assertTrue(model.analyse(List.of(noise), false).get(0).ran());
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        List<float[]> clips = List.of(ravdess("Actor_02/03-01-03-01-01-01-02.flac"),
                ravdess("Actor_03/03-01-04-02-02-02-03.flac"), ravdess("Actor_04/03-01-06-01-02-01-04.flac"));
        List<ClipEmotion> seq = model.analyse(clips, false);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<ClipEmotion>>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                fs.add(pool.submit(() -> model.analyse(clips, false)));
            }
            for (Future<List<ClipEmotion>> f : fs) {
                List<ClipEmotion> par = f.get();
                for (int i = 0; i < clips.size(); i++) {
                    assertArrayEquals(seq.get(i).embedding(), par.get(i).embedding(), 1e-5f);
                    assertEquals(seq.get(i).estimate().emotion(), par.get(i).estimate().emotion());
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void lowTopProbabilityIsOtherAboveTheCalibratedBoundIsTheClass() {
        double bound = model.card().otherBelow();
        assertTrue(bound >= 0.2 && bound <= 0.6, "bound " + bound);
        float[] flat = new float[9];
        for (Emotion e : CorpusLabels.PREDICTED) {
            flat[e.ordinal()] = 1f / 7;
        }
        var other = EmbeddedEmotionModel.estimate(flat, bound);
        assertEquals(Emotion.OTHER, other.emotion());
        assertEquals(1 - 1.0 / 7, other.confidence(), 1e-6);
        float[] sure = new float[9];
        float top = (float) Math.min(1, bound + 0.05);
        for (Emotion e : CorpusLabels.PREDICTED) {
            sure[e.ordinal()] = e == Emotion.SAD ? top : (1 - top) / 6;
        }
        assertEquals(Emotion.SAD, EmbeddedEmotionModel.estimate(sure, bound).emotion());
    }

    @Test
    void embeddedIsTheFirstEmotionStageOffered() {
        EmotionRecognizerFactory first = ServiceLoader.load(EmotionRecognizerFactory.class).iterator().next();
        assertEquals("embedded", first.name());
        assertTrue(first.availability().available(), first.availability().detail());
    }
}
