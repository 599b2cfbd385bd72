package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.Emotion;
import io.emotrace.domain.SpeakerVoice;
import io.emotrace.emotion.ClipEmotion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A card with {@code prosody}: the runtime feeds the network the fbank with the pitch track beside it. */
class EmbeddedProsodyTest {
    private static float[] voiced(double hz, double seconds) {
        float[] x = new float[(int) (seconds * 16000)];
        for (int i = 0; i < x.length; i++) {
            double p = 2 * Math.PI * hz * i / 16000;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * i / 16000.0); // syllable-like loudness
            x[i] = (float) (envelope * (0.3 * Math.sin(p) + 0.2 * Math.sin(2 * p) + 0.1 * Math.sin(3 * p)));
        }
        return x;
    }

    /** An untrained speaker-normalised model of 96-value rows whose card names pitch tracker {@code tracker}. */
    private static void saveTinyModel(Path dir, int tracker) throws Exception {
        try (EmotionNet net = new EmotionNet(96, 16, 16, 1)) {
            net.eval();
            EmbeddedWeights.save(net, new ModelCard(ModelCard.versionFor(true, tracker), 96, 16, 16,
                    ModelCard.FEATURES_WITH_PITCH, 50.0, 0.0, "test", 1, 1.0, FeatureNorm.SPEAKER_BINS.name(), true,
                    tracker == io.emotrace.features.PitchTrack.LEGACY ? 0 : tracker), dir);
        }
    }

    @Test
    void theVoiceAndTheAnswerUseRowsWithThePitchTrack(@TempDir Path dir) throws Exception {
        int width = 96;
        saveTinyModel(dir, io.emotrace.features.PitchTrack.LEGACY);
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.load(dir)) {
            SpeakerVoice low = m.voiceOf(List.of(voiced(100, 4)));
            SpeakerVoice high = m.voiceOf(List.of(voiced(200, 4)));
            assertEquals(width, low.bins());
            // channel 80 is log-F0 in octaves above 100 Hz: the voice's mean pitch
            assertEquals(0.0, low.binMeans()[80], 0.1);
            assertEquals(1.0, high.binMeans()[80], 0.1);
            assertTrue(high.binMeans()[81] > 0.8, "voicing of a steady tone");
            assertTrue(m.describe().contains("pitch track"), m.describe());
            assertEquals(0.0, high.binMeans()[90], 0.0, "padding");
            ClipEmotion e = m.analyse(List.of(voiced(200, 3)), false, high).get(0);
            assertNotEquals(Emotion.UNKNOWN, e.estimate().emotion());
            double sum = e.estimate().scores().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-3);
        }
    }

    /** The emotion track's windows share one pitch track over their chunk; off the frame grid each computes its own. */
    @Test
    void overlappingWindowsShareOnePitchTrackAndAnswerAsAloneOnASteadyVoice(@TempDir Path dir) throws Exception {
        saveTinyModel(dir, io.emotrace.features.PitchTrack.LEGACY);
        float[] chunk = voiced(160, 3);
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.load(dir)) {
            SpeakerVoice v = m.voiceOf(List.of(chunk));
            for (int[] offsets : new int[][] {{0, 4000, 8000, 16000, 32000}, {0, 4001, 8003}}) {
                List<ClipEmotion> shared = m.analyseWindows(chunk, offsets, 16000, v);
                List<float[]> copies = new java.util.ArrayList<>();
                for (int off : offsets) {
                    copies.add(java.util.Arrays.copyOfRange(chunk, off, off + 16000));
                }
                List<ClipEmotion> alone = m.analyse(copies, false, v);
                assertEquals(offsets.length, shared.size());
                for (int i = 0; i < offsets.length; i++) {
                    for (Emotion e : Emotion.values()) {
                        assertEquals(alone.get(i).estimate().scores().get(e), shared.get(i).estimate().scores().get(e),
                                1e-3, "window at " + offsets[i] + ", " + e);
                    }
                }
            }
        }
    }

    /** A pitch-track card whose head ({@code version}, {@code bins}, maybe {@code pitchTracker}) is given. */
    private static void assertRefused(String head, String why) {
        String json = "{" + head + ",\"channels\":16,\"embDim\":16,\"features\":\"x\",\"frameRate\":50,"
                + "\"otherBelow\":0,\"origin\":\"t\",\"blocks\":1,\"temperature\":1,\"featureNorm\":\"SPEAKER_BINS\","
                + "\"prosody\":true}";
        org.junit.jupiter.api.Assertions.assertThrows(io.emotrace.runtime.ModelRuntimeException.class,
                () -> EmbeddedWeights.readCard(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), why);
    }

    @Test
    void aProsodyCardTooNarrowForThePitchChannelsIsRefused() {
        assertRefused("\"version\":2,\"bins\":80", "80 values cannot hold the pitch channels");
    }

    /** A card that hears the pitch track but says version 1 is what an older build would misread: refused here too. */
    @Test
    void aProsodyCardMustSayVersionTwo() {
        assertRefused("\"version\":1,\"bins\":96", "version 1 with the pitch track");
    }

    /** A card of the second pitch tracker: the runtime computes that tracker's values (version 3 says so). */
    @Test
    void aCardOfTheSecondTrackerGetsItsValues(@TempDir Path dir) throws Exception {
        saveTinyModel(dir, io.emotrace.features.PitchTrack.LATEST);
        float[] voice = voiced(233, 3);
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.load(dir)) {
            float[] track = io.emotrace.features.PitchTrack.compute(voice, io.emotrace.features.PitchTrack.LATEST);
            double mean = 0;
            for (int t = 0; t < track.length / 2; t++) {
                mean += track[2 * t] / (track.length / 2.0);
            }
            // the voice's mean pitch channel is this tracker's: 233 Hz is 1.22 octaves above 100 Hz
            assertEquals(Math.log(2.33) / Math.log(2), mean, 0.03);
            assertEquals(mean, m.voiceOf(List.of(voice)).binMeans()[80], 0.05);
            assertTrue(m.describe().contains("pitch tracker 2"), m.describe());
        }
    }

    @Test
    void aSecondTrackerCardMustSayVersionThreeAndAnUnknownTrackerIsRefused() {
        assertRefused("\"version\":2,\"pitchTracker\":2,\"bins\":96", "tracker 2 under version 2");
        assertRefused("\"version\":3,\"pitchTracker\":7,\"bins\":96", "an unknown tracker");
    }
}
