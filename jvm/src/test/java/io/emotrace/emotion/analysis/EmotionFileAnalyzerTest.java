package io.emotrace.emotion.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.emotion.Emotion2VecSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmotionFileAnalyzerTest {
    private static final Path DIR = Path.of("target", "emotion-analyzer");

    /** The shape in a .npy header, without reading the data. */
    private static String npyShape(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            String h = new String(in.readNBytes(256), StandardCharsets.ISO_8859_1);
            int a = h.indexOf("'shape': (");
            return h.substring(a + 10, h.indexOf(')', a));
        }
    }

    @Test
    void frameModeOnAnHourStaysWithinASmallHeap() throws Exception {
        Path out = Files.createDirectories(DIR.resolve("hour"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // 3600 s x 50 frames x 512 floats is ~370 MB of frame embeddings: a run that kept them would not fit
        Process p = new ProcessBuilder(java, "-Xmx160m", "-cp", System.getProperty("java.class.path"),
                FrameModeHourRun.class.getName(), out.toString(), "3600").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + log);
        assertEquals(0, p.exitValue(), log);
        // 120 chunks of 30 s, each exactly its 1500 frames, except the last (no audio past its end)
        long frames = 119L * 1500 + Emotion2VecSignature.frameCount(30 * 16_000);
        assertTrue(log.contains("frames=" + frames + " segments=120"), log);
        assertEquals(frames + ", 512", npyShape(out.resolve("hour/embedding.npy")));
        assertEquals(frames + ", 9", npyShape(out.resolve("hour/frame_scores.npy")));
        assertEquals(128 + frames * 512 * 4, Files.size(out.resolve("hour/embedding.npy")));
        // the curve: (3600 - 1) / 0.25 + 1 points plus the header
        try (var lines = Files.lines(out.resolve("hour/track.csv"))) {
            assertEquals(14_397 + 1, lines.count());
        }
        Files.delete(out.resolve("hour/embedding.npy"));
    }
}
