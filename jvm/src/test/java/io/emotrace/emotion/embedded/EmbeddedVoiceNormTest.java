package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.SpeakerVoice;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.runtime.ModelRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded model's feature normalisation as its card names it, on the committed weights. */
class EmbeddedVoiceNormTest {
    private static float[] ravdess(String file) throws Exception {
        return new FfmpegAudioDecoder().decodeAll(SharedTestData.require("data/ravdess/" + file));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The committed network (without its voice head) under a card that names {@code norm}. */
    private static EmbeddedEmotionModel withNorm(Path dir, FeatureNorm norm) throws Exception {
        ModelCard c = EmbeddedWeights.readCard(EmbeddedWeights.resource(EmbeddedWeights.CARD));
        ModelCard card = new ModelCard(ModelCard.versionFor(c.prosody(), c.tracker()), c.bins(), c.channels(), c.embDim(), c.features(), c.frameRate(),
                c.otherBelow(), c.origin(), c.blocks(), c.temperature(), norm.name(), c.prosody(), c.pitchTracker());
        Path d = Files.createDirectories(dir.resolve(norm.name()));
        Files.write(d.resolve(EmbeddedWeights.WEIGHTS), EmbeddedWeights.resource(EmbeddedWeights.WEIGHTS));
        io.emotrace.output.ResultJson.mapper().writeValue(d.resolve(EmbeddedWeights.CARD).toFile(), card);
        return EmbeddedEmotionModel.load(d);
    }

    /** This module has no voice encoder (the diarization module provides it): the model answers alone and says so. */
    @Test
    void theShippedModelSaysWhenItsVoiceHeadCannotRun() throws Exception {
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.loadDefault()) {
            assertNotNull(m.card().voiceHead(), "the shipped card names its voice head");
            assertFalse(m.voiceHeadActive());
            assertTrue(m.describe().contains("voice head off: no voice encoder"), m.describe());
        }
    }

    private static double maxDiff(ClipEmotion a, ClipEmotion b) {
        double m = 0;
        for (Emotion e : Emotion.values()) {
            m = Math.max(m, Math.abs(a.estimate().scores().get(e) - b.estimate().scores().get(e)));
        }
        return m;
    }

    @Test
    void aSpeakerNormalisedModelHearsAClipAgainstItsSpeakersVoice(@TempDir Path dir) throws Exception {
        float[] angry = concat(ravdess("Actor_01/03-01-05-02-01-01-01.flac"), ravdess("Actor_01/03-01-05-02-02-01-01.flac"));
        float[] calm = concat(ravdess("Actor_01/03-01-01-01-01-01-01.flac"), ravdess("Actor_01/03-01-01-01-02-01-01.flac"));
        try (EmbeddedEmotionModel m = withNorm(dir, FeatureNorm.SPEAKER_BINS)) {
            assertTrue(m.usesSpeakerVoice());
            assertTrue(m.describe().contains("speaker per-bin mean"), m.describe());
            SpeakerVoice own = m.voiceOf(List.of(angry));
            SpeakerVoice both = m.voiceOf(List.of(angry, calm));
            assertTrue(own.seconds() >= EmbeddedEmotionModel.MIN_VOICE_SECONDS, own.toString());
            assertEquals(both.frames(), own.plus(m.voiceOf(List.of(calm))).frames());
            assertEquals(0, m.voiceOf(List.of(new float[16_000])).frames(), "silence is not part of a voice");
            ClipEmotion alone = m.analyse(List.of(angry), false, null).get(0);
            ClipEmotion againstItself = m.analyse(List.of(angry), false, own).get(0);
            ClipEmotion againstSpeaker = m.analyse(List.of(angry), false, both).get(0);
            // without a voice the clip is its own voice; with the speaker's the answer moves
            assertTrue(maxDiff(alone, againstItself) < 1e-4, "alone vs its own voice " + maxDiff(alone, againstItself));
            assertTrue(maxDiff(alone, againstSpeaker) > 1e-3, "the speaker's voice changes the scores");
            SpeakerVoice tooShort = new SpeakerVoice(both.binSums(), 100);
            assertTrue(maxDiff(alone, m.analyse(List.of(angry), false, tooShort).get(0)) < 1e-4,
                    "under " + EmbeddedEmotionModel.MIN_VOICE_SECONDS + " s a voice is not trusted");
            ModelRuntimeException e = assertThrows(ModelRuntimeException.class,
                    () -> m.analyse(List.of(angry), false, SpeakerVoice.empty(40)));
            assertEquals("model.voice", e.code());
        }
    }

    @Test
    void aClipLevelModelIgnoresVoices(@TempDir Path dir) throws Exception {
        float[] clip = ravdess("Actor_01/03-01-05-02-01-01-01.flac");
        try (EmbeddedEmotionModel m = withNorm(dir, FeatureNorm.CLIP_LEVEL)) {
            assertFalse(m.usesSpeakerVoice());
            assertNull(m.voiceOf(List.of(clip)));
            int bins = m.card().bins();
            SpeakerVoice v = new SpeakerVoice(new double[bins], 1000).plus(new SpeakerVoice(filled(bins, 5000), 1000));
            assertTrue(maxDiff(m.analyse(List.of(clip), false).get(0), m.analyse(List.of(clip), false, v).get(0)) < 1e-6);
        }
    }

    @Test
    void aCardWithAnUnknownNormIsRefused() {
        byte[] json = "{\"version\":1,\"bins\":80,\"channels\":64,\"embDim\":128,\"featureNorm\":\"LOUDNESS\"}".getBytes();
        ModelRuntimeException e = assertThrows(ModelRuntimeException.class, () -> EmbeddedWeights.readCard(json));
        assertEquals("model.format", e.code());
        assertTrue(e.getMessage().contains("LOUDNESS"), e.getMessage());
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
