package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.SpeakerVoice;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.embedded.EmbeddedEmotionModel;
import io.emotrace.emotion.embedded.ModelCard;
import io.emotrace.emotion.embedded.VoiceHead;
import io.emotrace.emotion.embedded.VoiceStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speaker network's statistics as the emotion stage's voice encoder, and the shipped model's fused voice head. */
class SpeakerNetVoiceStatsTest {
    /** Five RAVDESS clips of one actor (shared data; CI requires it). */
    private static List<float[]> actorClips() throws Exception {
        Path dir = SharedData.root().resolve("data/ravdess/Actor_01");
        if (!Files.isDirectory(dir)) {
            if (SharedData.isCi()) {
                fail("shared data missing: " + dir);
            }
            Assumptions.abort("shared data missing: " + dir);
        }
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".flac")).sorted().limit(5).toList();
        }
        List<float[]> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new FfmpegAudioDecoder().decodeAll(f));
        }
        return out;
    }

    @Test
    void theShippedEncoderIsFoundThroughTheServiceLoader() throws Exception {
        List<float[]> clips = actorClips();
        try (VoiceStats v = VoiceStats.openDefault()) {
            assertEquals(768, v.dim());
            assertTrue(v.identity().startsWith("sha256:"), v.identity());
            float[] a = v.stats(clips.get(0));
            assertEquals(v.dim(), a.length);
            assertArrayEquals(a, v.stats(clips.get(0)), 1e-5f, "deterministic");
            float[] b = v.stats(clips.get(1));
            double diff = 0;
            for (int j = 0; j < a.length; j++) {
                diff += Math.abs(a[j] - b[j]);
            }
            assertTrue(diff > 1, "two utterances give different statistics");
            assertTrue(v.stats(new float[100]).length == v.dim(), "a very short clip is tiled, not refused");
            float[] bad = clips.get(0).clone();
            bad[10] = Float.NaN;
            assertThrows(EmotraceException.class, () -> v.stats(bad));
            v.close();
            assertThrows(EmotraceException.class, () -> v.stats(clips.get(0)));
        }
    }

    @Test
    void theShippedEmotionModelFusesItsVoiceHeadOnceAVoiceHasEnoughClips() throws Exception {
        List<float[]> clips = actorClips();
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.loadDefault()) {
            assertTrue(m.voiceHeadActive(), m.describe());
            assertTrue(m.describe().contains("voice head"), m.describe());
            SpeakerVoice voice = m.voiceOf(clips);
            assertEquals(clips.size(), voice.statClips());
            SpeakerVoice thin = m.voiceOf(clips.subList(0, VoiceHead.MIN_CLIPS - 1));
            SpeakerVoice spectrumOnly = new SpeakerVoice(thin.binSums(), thin.frames());
            float[] clip = clips.get(2);
            ClipEmotion fused = m.analyse(List.of(clip), false, voice).get(0);
            ClipEmotion cnnThin = m.analyse(List.of(clip), false, thin).get(0);
            ClipEmotion cnnOnly = m.analyse(List.of(clip), false, spectrumOnly).get(0);
            assertEquals(cnnOnly.estimate().scores(), cnnThin.estimate().scores(),
                    "fewer than " + VoiceHead.MIN_CLIPS + " clips: the network answers alone");
            assertFalse(fused.estimate().scores().equals(cnnThin.estimate().scores()), "the head changes the answer");
        }
    }

    @Test
    void aHeadTrainedOnAnotherEncoderIsTurnedOffAndSaysSo(@TempDir Path dir) throws Exception {
        for (String f : List.of("model.json", "model.pt", VoiceHead.FILE)) {
            try (var in = getClass().getClassLoader().getResourceAsStream("trained/emotion-embedded/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        Path head = dir.resolve(VoiceHead.FILE);
        VoiceHead h = VoiceHead.read(Files.readAllBytes(head), "shipped");
        VoiceHead.Weights w = h.weights();
        new VoiceHead(new VoiceHead.Weights(w.format(), "sha256:another", w.dim(), w.mean(), w.scale(), w.w(), w.b(),
                w.cnnWeight(), w.summary())).write(head);
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.load(dir)) {
            assertFalse(m.voiceHeadActive());
            assertTrue(m.describe().contains("voice head off"), m.describe());
            assertEquals(ModelCard.VERSION_VOICE_HEAD, m.card().version());
        }
    }
}
