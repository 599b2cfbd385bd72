package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.pipeline.Emotion;
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
        float[] mean = new float[r.dim()];
        for (int t = 0; t < r.frames(); t++) {
            for (int d = 0; d < r.dim(); d++) {
                mean[d] += r.frameFeatures()[t * r.dim() + d] / r.frames();
            }
        }
        assertArrayEquals(mean, r.embedding(), 1e-4f);
        // without frames the utterance answer is the same
        ClipEmotion again = model.analyse(List.of(clip), false).get(0);
        assertEquals(r.estimate(), again.estimate());
        assertArrayEquals(r.embedding(), again.embedding(), 1e-6f);
        assertEquals(null, again.frameFeatures());
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
    void embeddedIsTheFirstEmotionStageOffered() {
        EmotionRecognizerFactory first = ServiceLoader.load(EmotionRecognizerFactory.class).iterator().next();
        assertEquals("embedded", first.name());
        assertTrue(first.availability().available(), first.availability().detail());
    }
}
