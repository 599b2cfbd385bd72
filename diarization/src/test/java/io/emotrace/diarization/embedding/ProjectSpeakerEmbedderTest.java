package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProjectSpeakerEmbedderTest {
    private static ProjectSpeakerEmbedder embedder;

    @BeforeAll
    static void load() throws EmotraceException {
        embedder = ProjectSpeakerEmbedder.fromClasspath();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static float[] voiceLike(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double f0 = 90 + r.nextInt(150);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            double s = 0;
            for (int h = 1; h <= 12; h++) {
                s += Math.sin(2 * Math.PI * f0 * h * t) / h;
            }
            x[i] = (float) (0.1 * s * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t)) + 0.003 * (r.nextDouble() - 0.5));
        }
        return x;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void unitLengthDeterministicAndBatchIndependent() throws EmotraceException {
        assertEquals("project", embedder.name());
        assertEquals(192, embedder.dim());
        List<float[]> clips = List.of(voiceLike(24_000, 1), voiceLike(24_000, 2), voiceLike(24_000, 3),
                voiceLike(40_000, 4));
        float[][] batch = embedder.embed(clips);
        assertEquals(4, batch.length);
        for (int i = 0; i < clips.size(); i++) {
            assertEquals(192, batch[i].length);
            assertEquals(1.0, norm(batch[i]), 1e-4);
            float[] alone = embedder.embed(List.of(clips.get(i)))[0];
            assertArrayEquals(alone, batch[i], 1e-4f, "clip " + i + " alone vs in a batch");
        }
    }

    @Test
    void shortAndSilentClipsStillGiveAFiniteEmbedding() throws EmotraceException {
        float[][] e = embedder.embed(List.of(voiceLike(1600, 5), new float[0], new float[8000]));
        for (float[] v : e) {
            assertEquals(1.0, norm(v), 1e-3);
        }
    }

    @Test
    void nonFiniteInputIsATypedError() {
        float[] bad = voiceLike(16_000, 6);
        bad[100] = Float.NaN;
        EmotraceException e = assertThrows(EmotraceException.class, () -> embedder.embed(List.of(bad)));
        assertEquals("speaker.input", e.code());
    }

    @Test
    void concurrentCallsGiveTheSameResults() throws Exception {
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clips.add(voiceLike(24_000, 10 + i));
        }
        float[][] expected = embedder.embed(clips);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[][]>> fs = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                fs.add(pool.submit(() -> embedder.embed(clips)));
            }
            for (Future<float[][]> f : fs) {
                float[][] got = f.get();
                for (int i = 0; i < clips.size(); i++) {
                    assertArrayEquals(expected[i], got[i], 1e-4f);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Every tensor and buffer of a call is released with it: JavaCPP's live pointer count and bytes stay flat. */
    @Test
    void repeatedCallsKeepNativeMemoryFlat() throws EmotraceException {
        List<float[]> clips = List.of(voiceLike(16_000, 20), voiceLike(16_000, 21), voiceLike(12_000, 22));
        for (int i = 0; i < 3; i++) {
            embedder.embed(clips);
        }
        System.gc();
        long count = org.bytedeco.javacpp.Pointer.totalCount();
        long bytes = org.bytedeco.javacpp.Pointer.totalBytes();
        for (int i = 0; i < 15; i++) {
            embedder.embed(clips);
        }
        System.gc();
        assertTrue(org.bytedeco.javacpp.Pointer.totalCount() <= count + 8,
                "live pointers " + count + " -> " + org.bytedeco.javacpp.Pointer.totalCount());
        assertTrue(org.bytedeco.javacpp.Pointer.totalBytes() <= bytes + (1 << 16),
                "native bytes " + bytes + " -> " + org.bytedeco.javacpp.Pointer.totalBytes());
    }

    @Test
    void factoryIsFoundAndAvailable() {
        Map<String, SpeakerEmbedderFactory> byName = new TreeMap<>();
        for (SpeakerEmbedderFactory f : ServiceLoader.load(SpeakerEmbedderFactory.class)) {
            byName.put(f.name(), f);
        }
        assertTrue(byName.containsKey("project") && byName.containsKey("onnx"), byName.keySet().toString());
        assertTrue(byName.get("project").availability().available(), byName.get("project").availability().detail());
    }

    /**
     * Real held-out voices (never trained on), each speaking with four different emotions (2 s from the middle of
     * each utterance): every speaker's own utterances must on average score higher than other speakers'.
     */
    @Test
    void heldOutSpeakersStayCloseAcrossEmotions() throws Exception {
        Path data = SharedTestData.require("data/ravdess/labels.csv").getParent().getParent();
        CorpusCatalog catalog = CorpusCatalog.load(data, List.of("ravdess"));
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        List<String> speakers = List.of("ravdess-19", "ravdess-20", "ravdess-21", "ravdess-22");
        List<String> emotions = List.of("neutral", "angry", "sad", "happy");
        List<float[]> clips = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int s = 0; s < speakers.size(); s++) {
            for (String emo : emotions) {
                CorpusUtterance u = catalog.utterances(speakers.get(s)).stream()
                        .filter(x -> emo.equals(x.emotion())).findFirst().orElseThrow();
                float[] x = decoder.decodeAll(u.file());
                int from = Math.max(0, x.length / 2 - 16_000); // the central 2 s: speech, and one batch shape
                clips.add(java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + 32_000)));
                owner.add(s);
            }
        }
        float[][] e = embedder.embed(clips);
        double same = 0;
        double diff = 0;
        int ns = 0;
        int nd = 0;
        for (int i = 0; i < e.length; i++) {
            for (int j = i + 1; j < e.length; j++) {
                double c = 0;
                for (int k = 0; k < e[i].length; k++) {
                    c += e[i][k] * e[j][k];
                }
                if (owner.get(i).equals(owner.get(j))) {
                    same += c;
                    ns++;
                } else {
                    diff += c;
                    nd++;
                }
            }
        }
        same /= ns;
        diff /= nd;
        assertTrue(same > diff + 0.1, "mean same-speaker cosine " + same + " vs different-speaker " + diff);
    }

    /** A model folder with plda.json loads it beside the weights; a PLDA of the wrong dimension is refused. */
    @Test
    void loadsThePldaBackEndBesideTheWeights(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String f : List.of(SpeakerModelFiles.JSON, SpeakerModelFiles.WEIGHTS)) {
            java.nio.file.Files.write(dir.resolve(f), SpeakerModelFiles.resource(SpeakerModelFiles.CLASSPATH_DIR, f));
        }
        try (ProjectSpeakerEmbedder plain = ProjectSpeakerEmbedder.fromDirectory(dir)) {
            assertEquals(null, plain.plda(), "no plda.json, no back-end");
        }
        int d = embedder.dim();
        SplittableRandom r = new SplittableRandom(3);
        int speakers = 60; // more within-speaker samples than dimensions
        float[][] x = new float[speakers * 4][d];
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            labels[i] = i / 4;
            for (int k = 0; k < d; k++) {
                x[i][k] = (float) (r.nextGaussian() + (k % speakers == labels[i] ? 3 : 0));
            }
        }
        Plda.fit(x, labels, 16).write(dir.resolve(Plda.FILE), Map.of());
        try (ProjectSpeakerEmbedder withPlda = ProjectSpeakerEmbedder.fromDirectory(dir)) {
            assertEquals(16, withPlda.plda().dims());
            float[] e = withPlda.embed(List.of(voiceLike(24_000, 1)))[0];
            assertEquals(16, withPlda.plda().project(e).length);
        }
        float[][] small = new float[40][8];
        int[] smallLabels = new int[40];
        for (int i = 0; i < 40; i++) {
            smallLabels[i] = i / 4;
            for (int k = 0; k < 8; k++) {
                small[i][k] = (float) (r.nextGaussian() + (k == smallLabels[i] % 8 ? 3 : 0));
            }
        }
        Plda.fit(small, smallLabels, 4).write(dir.resolve(Plda.FILE), Map.of());
        EmotraceException e = assertThrows(EmotraceException.class, () -> ProjectSpeakerEmbedder.fromDirectory(dir));
        assertTrue(e.getMessage().contains("expects 8-d"), e.getMessage());
    }

    /** nap.json beside the weights is applied to every embedding; one of the wrong dimension is refused. */
    @Test
    void appliesTheNuisanceProjectionBesideTheWeights(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String f : List.of(SpeakerModelFiles.JSON, SpeakerModelFiles.WEIGHTS)) {
            java.nio.file.Files.write(dir.resolve(f), SpeakerModelFiles.resource(SpeakerModelFiles.CLASSPATH_DIR, f));
        }
        float[] clip = voiceLike(24_000, 1);
        float[] raw;
        try (ProjectSpeakerEmbedder plain = ProjectSpeakerEmbedder.fromDirectory(dir)) {
            assertEquals(null, plain.nuisanceProjection());
            raw = plain.embed(List.of(clip))[0];
        }
        int d = raw.length;
        double[][] s = new double[d][d];
        int axis = 0;
        for (int k = 1; k < d; k++) {
            axis = Math.abs(raw[k]) > Math.abs(raw[axis]) ? k : axis;
        }
        s[axis][axis] = 1; // the raw embedding's largest component is the "nuisance"
        NuisanceProjection.ofScatter(s, 1).write(dir.resolve(NuisanceProjection.FILE), Map.of());
        try (ProjectSpeakerEmbedder projected = ProjectSpeakerEmbedder.fromDirectory(dir)) {
            float[] e = projected.embed(List.of(clip))[0];
            assertEquals(0, e[axis], 1e-6);
            assertTrue(projected.describe().contains("nuisance projection of rank 1"), projected.describe());
            double dot = 0;
            for (int k = 0; k < d; k++) {
                dot += e[k] * raw[k];
            }
            assertEquals(Math.sqrt(1 - raw[axis] * raw[axis]), dot, 1e-4, "the rest of the vector is kept");
        }
        NuisanceProjection.ofScatter(new double[][] {{1, 0}, {0, 0}}, 1).write(dir.resolve(NuisanceProjection.FILE), Map.of());
        EmotraceException e = assertThrows(EmotraceException.class, () -> ProjectSpeakerEmbedder.fromDirectory(dir));
        assertTrue(e.getMessage().contains("expects 2-d"), e.getMessage());
    }
}
