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
            assertTrue(m.describe().contains("voice head") && m.describe().contains("prosody head"), m.describe());
            SpeakerVoice voice = m.voiceOf(clips);
            assertEquals(clips.size(), voice.statClips());
            SpeakerVoice thin = m.voiceOf(clips.subList(0, VoiceHead.MIN_CLIPS - 1));
            float[] clip = clips.get(2);
            ClipEmotion fused = m.analyse(List.of(clip), false, voice).get(0);
            ClipEmotion spectrumOnly = m.analyse(List.of(clip), false,
                    new SpeakerVoice(voice.binSums(), voice.frames())).get(0);
            assertFalse(fused.estimate().scores().equals(spectrumOnly.estimate().scores()),
                    "the same voice's spectrum with and without its statistics: the head changes the answer");
            assertEquals(m.analyse(List.of(clip), false, new SpeakerVoice(thin.binSums(), thin.frames())).get(0)
                    .estimate().scores(), m.analyse(List.of(clip), false, thin).get(0).estimate().scores(),
                    "fewer than " + VoiceHead.MIN_CLIPS + " clips: the network answers alone");
            // one pass: the answers that reuse the voice pass's readings are those of the raw clips read again
            List<io.emotrace.domain.PreparedClip> prepared = m.prepare(clips, true);
            assertEquals(voice, io.emotrace.domain.PreparedClip.voiceOf(prepared));
            List<ClipEmotion> twoPass = m.analyse(clips, false, voice);
            List<ClipEmotion> onePass = m.analysePrepared(prepared, false, voice);
            for (int i = 0; i < clips.size(); i++) {
                for (io.emotrace.domain.Emotion e : io.emotrace.domain.Emotion.values()) {
                    assertEquals(twoPass.get(i).estimate().scores().get(e), onePass.get(i).estimate().scores().get(e),
                            1e-6, "clip " + i + " " + e);
                }
            }
            int length = 16_000;
            float[] chunk = java.util.Arrays.copyOf(clip, Math.max(clip.length, 3 * length));
            int[] offsets = {0, 8_000, 16_000};
            var windows = m.analyseWindows(chunk, offsets, length, voice);
            var windowsSpectrum = m.analyseWindows(chunk, offsets, length, new SpeakerVoice(voice.binSums(), voice.frames()));
            for (int i = 0; i < offsets.length; i++) {
                assertEquals(windowsSpectrum.get(i).estimate().scores(), windows.get(i).estimate().scores(),
                        "tracking windows are the network's alone");
            }
        }
    }

    @Test
    void aHeadTrainedOnAnotherEncoderIsTurnedOffAndSaysSo(@TempDir Path dir) throws Exception {
        for (String f : List.of("model.json", "model.pt", VoiceHead.FILE, VoiceHead.PROSODY_FILE)) {
            try (var in = getClass().getClassLoader().getResourceAsStream("trained/emotion-embedded/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        Path head = dir.resolve(VoiceHead.FILE);
        VoiceHead h = VoiceHead.read(Files.readAllBytes(head), "shipped");
        VoiceHead.Weights w = h.weights();
        new VoiceHead(new VoiceHead.Weights(w.format(), "sha256:another", w.dim(), w.mean(), w.scale(), w.w(), w.b(),
                w.temperature(), w.otherBelow(), w.summary())).write(head);
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.load(dir)) {
            assertFalse(m.voiceHeadActive());
            assertTrue(m.describe().contains("voice head off"), m.describe());
            assertEquals(ModelCard.VERSION_VOICE_HEAD, m.card().version());
        }
    }
}
