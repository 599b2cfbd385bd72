package io.emotrace.emotion.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.cli.Main;
import io.emotrace.output.NpyWriter;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.w3c.dom.Document;

class EmbeddingToolsTest {
    private static final Path DIR = Path.of("target", "embedding-tools");
    private static final int D = 16;
    private static final int PER = 20;
    private static float[][] centres;

    /** Three well separated blobs of 20 points each in 16-D, written as the emotion CLI lays them out. */
    @BeforeAll
    static void writeBlobs() throws Exception {
        Random r = new Random(3);
        centres = new float[3][D];
        for (int c = 0; c < 3; c++) {
            centres[c][c * 5] = 1;
            centres[c][c * 5 + 1] = 0.5f;
        }
        StringBuilder labels = new StringBuilder("file,label\n");
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < PER; i++) {
                float[] v = new float[D];
                for (int j = 0; j < D; j++) {
                    v[j] = centres[c][j] + (float) (0.05 * r.nextGaussian());
                }
                Path dir = Files.createDirectories(DIR.resolve("emb/spk" + c + "/utt" + i));
                NpyWriter.write(dir.resolve("embedding.npy"), v, 1, D);
                labels.append("spk").append(c).append("/utt").append(i).append(".wav,").append(new String[] {"angry", "sad", "happy"}[c]).append('\n');
            }
        }
        // a frame-level file: counts as its mean
        float[] frames = new float[3 * D];
        for (int t = 0; t < 3; t++) {
            System.arraycopy(centres[0], 0, frames, t * D, D);
            frames[t * D + 15] = t;
        }
        NpyWriter.write(Files.createDirectories(DIR.resolve("emb/frames")).resolve("clip.npy"), frames, 3, D);
        Files.writeString(DIR.resolve("labels.csv"), labels);
    }

    @Test
    void setReadsTheEmotionLayoutAndMeansFrameFiles() throws Exception {
        EmbeddingSet set = EmbeddingSet.load(DIR.resolve("emb"));
        assertEquals(3 * PER + 1, set.size());
        assertEquals(D, set.dim());
        EmbeddingSet.Item frames = set.items().stream().filter(i -> i.key().equals("frames/clip")).findFirst().orElseThrow();
        assertEquals(1.0f, frames.vector()[15], 1e-6f);
        assertEquals(1.0f, frames.vector()[0], 1e-6f);
        assertTrue(set.items().stream().anyMatch(i -> i.key().equals("spk1/utt7")));
        Map<String, String> labels = LabelsCsv.read(DIR.resolve("labels.csv")).match(set);
        assertEquals(3 * PER, labels.size());
        assertEquals("sad", labels.get("spk1/utt7"));
    }

    @Test
    void cosineSearchRanksTheQuerysOwnBlobFirst() throws Exception {
        EmbeddingSet set = EmbeddingSet.load(DIR.resolve("emb"));
        float[] q = EmbeddingSet.read(DIR.resolve("emb/spk2/utt3/embedding.npy"));
        List<CosineSearch.Hit> hits = CosineSearch.top(q, set, PER);
        assertEquals("spk2/utt3", hits.get(0).key());
        assertEquals(1.0, hits.get(0).similarity(), 1e-6);
        for (CosineSearch.Hit h : hits) {
            assertTrue(h.key().startsWith("spk2/"), h.key());
        }
        for (int i = 1; i < hits.size(); i++) {
            assertTrue(hits.get(i).similarity() <= hits.get(i - 1).similarity());
        }
        assertThrows(EmotraceException.class, () -> CosineSearch.top(new float[D + 1], set, 3));
    }

    @Test
    void kMeansRecoversTheBlobsAndIsReproducible() throws Exception {
        EmbeddingSet set = EmbeddingSet.load(DIR.resolve("emb"));
        float[][] x = set.matrix();
        KMeans.Result a = KMeans.fit(x, 3, 7, 5, 100);
        KMeans.Result b = KMeans.fit(x, 3, 7, 5, 100);
        assertArrayEquals(a.labels(), b.labels());
        Map<String, String> truth = LabelsCsv.read(DIR.resolve("labels.csv")).match(set);
        // each blob lands in one cluster of its own
        Set<Integer> used = new HashSet<>();
        for (String blob : List.of("spk0/", "spk1/", "spk2/")) {
            Set<Integer> got = new HashSet<>();
            for (int i = 0; i < x.length; i++) {
                if (set.items().get(i).key().startsWith(blob)) {
                    got.add(a.labels()[i]);
                }
            }
            assertEquals(1, got.size(), blob + " " + got);
            assertTrue(used.addAll(got));
        }
        assertEquals(1.0, io.emotrace.cli.embeddings.ClusterPurity.purity(set, a, truth), 1e-9);
        // k-means++ seeding spreads the initial centres over the blobs
        double[][] seeds = KMeans.seedPlusPlus(x, 3, new Random(1));
        Set<Integer> nearest = new HashSet<>();
        for (double[] s : seeds) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (VectorMath.squaredDistance(centres[c], s) < VectorMath.squaredDistance(centres[best], s)) {
                    best = c;
                }
            }
            nearest.add(best);
        }
        assertEquals(3, nearest.size());
    }

    @Test
    void pcaFindsTheDirectionOfLargestVariance() {
        Random r = new Random(5);
        float[][] x = new float[500][6];
        double[] axis = {0.6, 0.8, 0, 0, 0, 0};
        for (float[] v : x) {
            double big = 3 * r.nextGaussian();
            for (int j = 0; j < 6; j++) {
                v[j] = (float) (big * axis[j] + 0.3 * r.nextGaussian() + 10);
            }
        }
        Pca.Result p = Pca.fit(x, 2);
        double cos = Math.abs(p.components()[0][0] * 0.6 + p.components()[0][1] * 0.8);
        assertTrue(cos > 0.999, "cos " + cos);
        // the eigenvalue is the variance of the projections, and no direction (the true axis included) has more
        double along = varianceAlong(x, p.components()[0]);
        assertEquals(along, p.variance()[0], 1e-6 * along);
        assertTrue(along >= varianceAlong(x, axis));
        assertEquals(varianceAlong(x, p.components()[1]), p.variance()[1], 1e-3);
        assertEquals(0.09, p.variance()[1], 0.03);
        assertTrue(p.explained(0) > 0.9);
        double dot = 0;
        for (int j = 0; j < 6; j++) {
            dot += p.components()[0][j] * p.components()[1][j];
        }
        assertEquals(0, dot, 1e-6);
    }

    private static double varianceAlong(float[][] x, double[] dir) {
        double[] proj = new double[x.length];
        double mean = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < dir.length; j++) {
                proj[i] += x[i][j] * dir[j];
            }
            mean += proj[i];
        }
        mean /= x.length;
        double v = 0;
        for (double q : proj) {
            v += (q - mean) * (q - mean);
        }
        return v / (x.length - 1);
    }

    @Test
    void clusterCommandWritesSvgAndPngPlotsAndReportsPurity() throws Exception {
        Path svg = DIR.resolve("plot.svg");
        Path png = DIR.resolve("plot.png");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine().setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("embeddings", "cluster", DIR.resolve("emb").toString(), "--k", "3", "--plot", svg.toString(),
                "--labels", DIR.resolve("labels.csv").toString(), "--csv", DIR.resolve("c.csv").toString()), out.toString());
        assertTrue(out.toString().contains("purity 1.000 over 60"), out.toString());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        // one circle per embedding plus one legend dot per cluster
        assertEquals(3 * PER + 1 + 3, doc.getElementsByTagName("circle").getLength());
        assertEquals(3 * PER + 1 + 1, Files.readAllLines(DIR.resolve("c.csv")).size());
        assertEquals(0, Main.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .execute("embeddings", "cluster", DIR.resolve("emb").toString(), "--k", "3", "--plot", png.toString()));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(640, img.getHeight());
        // points are drawn in colour on white
        int coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x0 = 0; x0 < img.getWidth(); x0 += 2) {
                int rgb = img.getRGB(x0, y) & 0xFFFFFF;
                int rr = rgb >> 16;
                int gg = (rgb >> 8) & 0xFF;
                int bb = rgb & 0xFF;
                if (Math.max(rr, Math.max(gg, bb)) - Math.min(rr, Math.min(gg, bb)) > 60) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 100, "coloured pixels " + coloured);
        StringWriter s = new StringWriter();
        assertEquals(0, Main.commandLine().setOut(new PrintWriter(s, true)).execute("embeddings", "search",
                DIR.resolve("emb/spk1/utt0/embedding.npy").toString(), DIR.resolve("emb").toString(), "--top", "3"));
        assertTrue(s.toString().contains("  1   1.00000  spk1/utt0"), s.toString());
        List<String> lines = new ArrayList<>(List.of(s.toString().split("\n")));
        assertEquals(4, lines.size());
    }
}
