package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cepstral smoothing in front of the speaker network ({@link SpeakerNetConfig#cepstra}). */
class SpeakerNetLifterTest {
    private static float[] values(Tensor t) {
        Tensor c = t.contiguous();
        float[] out = new float[(int) c.numel()];
        c.data_ptr_float().capacity(out.length).get(out);
        return out;
    }

    private static float[] smooth(float[] frame, int keep) {
        try (Tensor m = SpeakerNet.lifterMatrix(frame.length, keep);
                Tensor x = torch.from_blob(new FloatPointer(frame), 1, frame.length).clone()) {
            return values(x.matmul(m));
        }
    }

    @Test
    void keepsTheEnvelopeAndRemovesTheHarmonicRipple() {
        int bins = 80;
        float[] envelope = new float[bins];
        float[] ripple = new float[bins];
        for (int i = 0; i < bins; i++) {
            envelope[i] = (float) (2 * Math.cos(Math.PI * 3 * (i + 0.5) / bins) // broad shape, and a formant-like bump
                    + 1.5 * Math.exp(-Math.pow((i - 25) / 8.0, 2)));
            ripple[i] = (float) Math.cos(2 * Math.PI * (i + 0.5) / 5.0); // harmonics every 5 bins (phase on the DCT grid: no edge leak)
        }
        float[] both = new float[bins];
        for (int i = 0; i < bins; i++) {
            both[i] = envelope[i] + ripple[i];
        }
        float[] out = smooth(both, 20);
        double errEnvelope = 0;
        double rippleLeft = 0;
        float[] rippleOut = smooth(ripple, 20);
        for (int i = 0; i < bins; i++) {
            errEnvelope = Math.max(errEnvelope, Math.abs(out[i] - envelope[i]));
            rippleLeft = Math.max(rippleLeft, Math.abs(rippleOut[i]));
        }
        assertTrue(errEnvelope < 0.01, "envelope kept within " + errEnvelope);
        assertTrue(rippleLeft < 0.01, "ripple left " + rippleLeft);
    }

    @Test
    void isAProjection() {
        try (Tensor m = SpeakerNet.lifterMatrix(40, 12); Tensor mm = m.matmul(m); Tensor t = m.t().contiguous()) {
            float[] a = values(m);
            float[] b = values(mm);
            float[] at = values(t);
            double trace = 0;
            for (int i = 0; i < 40; i++) {
                trace += a[i * 40 + i];
            }
            assertEquals(12, trace, 1e-3, "rank = coefficients kept");
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, "M M = M");
                assertEquals(a[i], at[i], 1e-6, "symmetric");
            }
        }
    }

    @Test
    void theSettingTravelsInModelJsonAndChangesTheNetworkInput(@TempDir Path dir) throws Exception {
        SpeakerNetConfig tiny = new SpeakerNetConfig(80, 16, new int[] {2}, 32, 8, 16, 2);
        assertEquals(0, tiny.cepstra());
        assertThrows(IllegalArgumentException.class, () -> tiny.withCepstra(80));
        torch.manual_seed(3);
        try (SpeakerNet plain = new SpeakerNet(tiny)) {
            SpeakerModelFiles.write(dir.resolve("plain"), plain, 0.5, "plain", Map.of());
        }
        try (SpeakerNet smoothed = new SpeakerNet(tiny.withCepstra(20))) {
            SpeakerModelFiles.write(dir.resolve("smoothed"), smoothed, 0.5, "smoothed", Map.of());
        }
        assertEquals(0, SpeakerModelFiles.describe(Files.readAllBytes(dir.resolve("plain/model.json"))).config().cepstra());
        assertEquals(20, SpeakerModelFiles.describe(Files.readAllBytes(dir.resolve("smoothed/model.json")))
                .config().cepstra());
        // the same weights read through the two front ends give different embeddings of a rippled input
        float[] clip = new float[24_000];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) (0.1 * Math.sin(2 * Math.PI * 140 * i / 16_000.0) + 0.05 * Math.sin(2 * Math.PI * 280 * i / 16_000.0));
        }
        Files.copy(dir.resolve("plain/model.pt"), dir.resolve("smoothed/model.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (ProjectSpeakerEmbedder a = ProjectSpeakerEmbedder.fromDirectory(dir.resolve("plain"));
                ProjectSpeakerEmbedder b = ProjectSpeakerEmbedder.fromDirectory(dir.resolve("smoothed"))) {
            float[] ea = a.embed(java.util.List.of(clip))[0];
            float[] eb = b.embed(java.util.List.of(clip))[0];
            double dot = 0;
            for (int i = 0; i < ea.length; i++) {
                dot += ea[i] * eb[i];
            }
            assertTrue(dot < 0.999, "the smoothing reaches the network: cosine " + dot);
        }
    }
}
