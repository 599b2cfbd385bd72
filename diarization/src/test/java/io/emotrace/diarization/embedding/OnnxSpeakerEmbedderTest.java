package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.standin.OnnxGraph;
import io.emotrace.features.WindowType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX drop-in against a stand-in the test writes itself with the CAM++ / WeSpeaker signature:
 * {@code feats} float32 [B, T, 80] -> MatMul(80 x D) -> Tanh -> ReduceMean over T -> {@code embs} [B, D].
 * The tanh makes the result depend on the fbank's exact values (window, scaling, mean normalisation), so the
 * expected embedding, computed here in plain Java from the documented front end, checks the whole chain.
 */
class OnnxSpeakerEmbedderTest {
    private static final int D = 24;

    @TempDir
    Path dir;

    private static float[] weights() {
        Random r = new Random(11);
        float[] w = new float[80 * D];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.05);
        }
        return w;
    }

    private static Path standIn(Path file, String in, String out, float[] w) throws IOException {
        new OnnxGraph("speaker_stand_in")
                .input(in, "B", "T", 80)
                .output(out, "B", D)
                .floats("w", w, 80, D)
                .node("MatMul", new String[] {in, "w"}, "proj")
                .node("Tanh", new String[] {"proj"}, "act")
                .node("ReduceMean", new String[] {"act"}, out, "axes", new long[] {1}, "keepdims", 0L)
                .write(file, 13);
        return file;
    }

    private static float[] tone(int n, double f0) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * f0 * t) + 0.05 * Math.sin(2 * Math.PI * 3.1 * f0 * t)
                    + 0.01 * Math.sin(i * 1.7));
        }
        return x;
    }

    private static float[] expected(float[] clip, float[] w, WindowType window) {
        try (SpeakerFbank fb = new SpeakerFbank(window == WindowType.HAMMING ? SpeakerFbank.kaldiHamming()
                : SpeakerFbank.kaldiPovey(), 1)) {
            float[] f = fb.features(clip, fb.frameCount((int) (OnnxSpeakerEmbedder.MIN_SECONDS * 16_000)));
            int frames = f.length / 80;
            float[] e = new float[D];
            for (int t = 0; t < frames; t++) {
                for (int d = 0; d < D; d++) {
                    double s = 0;
                    for (int b = 0; b < 80; b++) {
                        s += (double) f[t * 80 + b] * w[b * D + d];
                    }
                    e[d] += (float) (Math.tanh(s) / frames);
                }
            }
            return ProjectSpeakerEmbedder.l2(e, 0, D);
        }
    }

    @Test
    void weSpeakerSignatureMatchesTheDocumentedFrontEnd() throws Exception {
        float[] w = weights();
        try (OnnxSpeakerEmbedder e = OnnxSpeakerEmbedder.load(standIn(dir.resolve("wespeaker.onnx"), "feats", "embs", w))) {
            assertEquals(WindowType.HAMMING, e.window(), "WeSpeaker exports name their input 'feats'");
            assertEquals(D, e.dim());
            List<float[]> clips = List.of(tone(24_000, 140), tone(24_000, 220), tone(30_000, 180), tone(2000, 300));
            float[][] got = e.embed(clips);
            for (int i = 0; i < clips.size(); i++) {
                assertArrayEquals(expected(clips.get(i), w, WindowType.HAMMING), got[i], 2e-4f, "clip " + i);
            }
            // the window matters: the povey-window features give measurably different embeddings
            float[] povey = expected(clips.get(0), w, WindowType.POVEY);
            double diff = 0;
            for (int d = 0; d < D; d++) {
                diff = Math.max(diff, Math.abs(povey[d] - got[0][d]));
            }
            assertTrue(diff > 1e-3, "window choice has no effect: " + diff);
        }
    }

    @Test
    void camppSignatureUsesThePoveyWindow() throws Exception {
        float[] w = weights();
        try (OnnxSpeakerEmbedder e = OnnxSpeakerEmbedder.load(standIn(dir.resolve("campp.onnx"), "feature", "embedding", w))) {
            assertEquals(WindowType.POVEY, e.window());
            float[] clip = tone(20_000, 160);
            assertArrayEquals(expected(clip, w, WindowType.POVEY), e.embed(List.of(clip))[0], 2e-4f);
            assertTrue(e.describe().contains("campp.onnx"));
        }
    }

    @Test
    void foreignSignaturesAreRefused() throws Exception {
        Path wrong = dir.resolve("wrong.onnx");
        new OnnxGraph("not_a_speaker_model")
                .input("x", "B", "N")
                .output("y", "B", "N")
                .node("Tanh", new String[] {"x"}, "y")
                .write(wrong, 13);
        EmotraceException ex = assertThrows(EmotraceException.class, () -> OnnxSpeakerEmbedder.load(wrong));
        assertEquals("speaker.model.signature", ex.code());
    }

    @Test
    void factoryIsUnavailableUntilConfigured() throws Exception {
        assertFalse(new OnnxSpeakerEmbedderFactory(null).availability().available());
        assertFalse(new OnnxSpeakerEmbedderFactory(dir.resolve("missing.onnx").toString()).availability().available());
        Path m = standIn(dir.resolve("ok.onnx"), "feats", "embs", weights());
        OnnxSpeakerEmbedderFactory f = new OnnxSpeakerEmbedderFactory(m.toString());
        assertTrue(f.availability().available());
        try (SpeakerEmbedder e = f.create()) {
            assertEquals(D, e.embed(List.of(tone(16_000, 200)))[0].length);
        }
    }
}
