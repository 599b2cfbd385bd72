package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerVoice;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.EmotionModelRecognizer;
import io.emotrace.domain.PreparedClip;
import io.emotrace.emotion.head.HeadTrainer;
import io.emotrace.emotion.head.HeadedEmotionModel;
import io.emotrace.emotion.head.MlpHead;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The voice pass ({@link EmbeddedEmotionModel#prepare}) reads each clip once: the answers that reuse what it read
 * ({@link EmbeddedEmotionModel#analysePrepared}) are the answers of judging the raw clips again (the two-pass path), and
 * the heads' voice statistics are computed once per clip. The shipped weights with a counting stand-in for the speaker
 * network (this module has none), which the shipped heads accept: same identity and size.
 */
class PreparedClipReuseTest {
    private static CountingVoiceStats countingStats() throws Exception {
        return CountingVoiceStats.forShippedHead();
    }

    /** Four utterances of one actor and a silent clip (the signal gate refuses it: no share of the voice). */
    private static List<float[]> clips() throws Exception {
        List<float[]> out = new ArrayList<>();
        for (String f : List.of("03-01-01-01-01-01-01", "03-01-05-02-01-01-01", "03-01-04-01-02-01-01",
                "03-01-03-02-01-02-01")) {
            out.add(new FfmpegAudioDecoder().decodeAll(SharedTestData.require("data/ravdess/Actor_01/" + f + ".flac")));
        }
        out.add(new float[48_000]);
        return out;
    }

    private static void assertSameAnswers(List<ClipEmotion> expected, List<ClipEmotion> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            ClipEmotion a = expected.get(i);
            ClipEmotion b = actual.get(i);
            assertEquals(a.reason(), b.reason(), "clip " + i);
            assertEquals(a.estimate().emotion(), b.estimate().emotion(), "clip " + i);
            for (Emotion e : Emotion.values()) {
                assertEquals(a.estimate().scores().get(e), b.estimate().scores().get(e), 1e-6, "clip " + i + " " + e);
            }
            if (a.ran()) {
                assertArrayEquals(a.embedding(), b.embedding(), 1e-6f, "clip " + i);
            }
        }
    }

    @Test
    void theAnswersReuseTheVoicePassAndEqualTheTwoPassAnswers() throws Exception {
        List<float[]> clips = clips();
        CountingVoiceStats stats = countingStats();
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.loadDefault(() -> stats)) {
            assertTrue(m.voiceHeadActive(), m.describe());
            // the two-pass path: the voice of the raw clips, then each raw clip judged (and read) again
            SpeakerVoice voice = m.voiceOf(clips);
            assertEquals(4, voice.statClips());
            assertEquals(4, stats.calls.get(), "one call per clip the gate accepts");
            List<ClipEmotion> twoPass = m.analyse(clips, false, voice);
            assertEquals(8, stats.calls.get(), "the raw clips' answers compute the statistics again");
            ClipEmotion alone = m.analyse(List.of(clips.get(1)), false, new SpeakerVoice(voice.binSums(), voice.frames()))
                    .get(0);
            assertNotEquals(alone.estimate().scores(), twoPass.get(1).estimate().scores(), "the heads answer too");

            stats.calls.set(0);
            List<PreparedClip> prepared = m.prepare(clips, true);
            assertEquals(voice, PreparedClip.voiceOf(prepared), "the same voice");
            assertEquals(0, prepared.get(4).voice().frames(), "the silent clip adds nothing");
            assertEquals(4, stats.calls.get());
            List<ClipEmotion> onePass = m.analysePrepared(prepared, false, voice);
            assertEquals(4, stats.calls.get(), "the answers reuse the voice pass's statistics");
            assertSameAnswers(twoPass, onePass);
            assertSameAnswers(m.analyse(clips, true, voice), m.analysePrepared(prepared, true, voice));

            // a relabel moves the first clip to another speaker: the rest are judged against what is left, and the
            // readings, which do not depend on the voice, still give the answers of the raw clips
            SpeakerVoice rest = voice.minus(prepared.get(0).voice());
            assertEquals(3, rest.statClips());
            int before = stats.calls.get();
            List<ClipEmotion> relabelled = m.analysePrepared(prepared.subList(1, 5), false, rest);
            assertEquals(before, stats.calls.get());
            assertSameAnswers(m.analyse(clips.subList(1, 5), false, rest), relabelled);

            // a reading handed over with other samples is not used: those samples are read
            List<ClipEmotion> swapped = m.analysePrepared(List.of(prepared.get(0).withSamples(clips.get(2))), false, voice);
            assertSameAnswers(List.of(twoPass.get(2)), swapped);
            // even other samples of the same length
            float[] sameLength = java.util.Arrays.copyOf(clips.get(2), clips.get(0).length);
            List<ClipEmotion> sameLen = m.analysePrepared(List.of(prepared.get(0).withSamples(sameLength)), false, voice);
            assertSameAnswers(m.analyse(List.of(sameLength), false, voice), sameLen);
        }
    }

    /**
     * The live path's pair ({@link EmotionRecognizer#prepare}, {@link EmotionRecognizer#recognizePrepared}): one clip's
     * voice and then its answer against its speaker's running voice read the clip once, and give the voice and the
     * answer of {@link EmotionRecognizer#voiceOf} and {@link EmotionRecognizer#recognize} on the raw clip.
     */
    @Test
    void aRecognizersPreparedClipIsReadOnceAndAnsweredAsTheRawClip() throws Exception {
        List<float[]> clips = clips();
        CountingVoiceStats stats = countingStats();
        try (EmbeddedEmotionModel m = stats.shippedModel()) {
            EmotionModelRecognizer r = new EmotionModelRecognizer(m);
            assertTrue(r.usesSpeakerVoice() && r.concurrent());
            SpeakerVoice running = m.voiceOf(clips.subList(0, 3)); // enough clips for the heads to answer
            for (int i = 0; i < clips.size(); i++) {
                float[] clip = clips.get(i);
                int reads = i < 4 ? 1 : 0; // the silent clip is refused before the statistics
                stats.calls.set(0);
                SpeakerVoice voice = r.voiceOf(clip);
                EmotionEstimate raw = r.recognize(new ArrayAudioSource(clip, 16_000),
                        List.of(new Segment(null, 0, clip.length / 16_000.0)), running, ProgressListener.NONE).get(0);
                assertEquals(2 * reads, stats.calls.get(), "the two-pass path reads the clip twice");

                stats.calls.set(0);
                PreparedClip p = r.prepare(clip);
                assertEquals(voice, p.voice(), "clip " + i);
                assertEquals(raw, r.recognizePrepared(p, running), "clip " + i);
                assertEquals(reads, stats.calls.get(), "clip " + i + ": read once");
                assertEquals(raw, r.recognizePrepared(PreparedClip.of(clip), running));
                assertEquals(2 * reads, stats.calls.get(), "nothing prepared: read for the answer");
            }
            // what one recognizer's model read is not used by a recognizer of another model (nor with other samples)
            PreparedClip p = r.prepare(clips.get(0));
            try (EmbeddedEmotionModel m2 = stats.shippedModel()) {
                EmotionModelRecognizer other = new EmotionModelRecognizer(m2);
                stats.calls.set(0);
                assertEquals(r.recognizePrepared(PreparedClip.of(clips.get(0)), running),
                        other.recognizePrepared(p, running));
                assertEquals(2, stats.calls.get());
            }
            PreparedClip swapped = new PreparedClip(clips.get(1), p.voice(),
                    p.reading());
            stats.calls.set(0);
            assertEquals(r.recognizePrepared(PreparedClip.of(clips.get(1)), running),
                    r.recognizePrepared(swapped, running));
            assertEquals(2, stats.calls.get());
        }
    }

    @Test
    void aHeadedModelComputesNoStatisticsItsHeadDoesNotRead() throws Exception {
        List<float[]> clips = clips();
        CountingVoiceStats stats = countingStats();
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.loadDefault(() -> stats)) {
            SpeakerVoice full = m.voiceOf(clips);
            List<ClipEmotion> base = m.analyse(clips, false, full);
            float[][] x = new float[4][];
            Emotion[] y = {Emotion.SAD, Emotion.ANGRY, Emotion.SAD, Emotion.ANGRY};
            for (int i = 0; i < 4; i++) {
                x[i] = base.get(i).embedding();
            }
            MlpHead head = HeadTrainer.train(x, y, HeadTrainer.Config.defaults().withEpochs(2), Map.of()).head();
            HeadedEmotionModel headed = new HeadedEmotionModel(m, head, "test");
            stats.calls.set(0);
            SpeakerVoice voice = headed.voiceOf(clips);
            List<ClipEmotion> out = headed.analyse(clips, false, full);
            List<ClipEmotion> prepared = headed.analysePrepared(headed.prepare(clips, true), false, voice);
            assertEquals(0, stats.calls.get(), "the MLP head replaces the estimates the statistics were for");
            assertEquals(full.withoutStatistics(), voice, "the spectrum (and band) is the same");
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(base.get(i).embedding(), out.get(i).embedding(), 1e-6f, "the backbone's embedding");
                assertArrayEquals(base.get(i).embedding(), prepared.get(i).embedding(), 1e-6f);
                assertEquals(out.get(i).estimate(), prepared.get(i).estimate());
            }
        }
    }
}
