package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.TelephoneChannel;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerVoice;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.SegmentEmotionRunner;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.track.SlidingWindowTracker;
import io.emotrace.pipeline.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped calls model judges telephone-band voices, the model as recorded every other voice, and the embeddings stay
 * the recorded model's either way; a recording's voices are all judged as the recording's speech sounds.
 */
class CallsModelTest {
    /** Four utterances of one actor as recorded. */
    private static List<float[]> clips() throws Exception {
        List<float[]> out = new ArrayList<>();
        for (String f : List.of("03-01-01-01-01-01-01", "03-01-05-02-01-01-01", "03-01-04-01-02-01-01",
                "03-01-03-02-01-02-01")) {
            out.add(new FfmpegAudioDecoder().decodeAll(SharedTestData.require("data/ravdess/Actor_01/" + f + ".flac")));
        }
        return out;
    }

    private static List<float[]> throughTheLine(List<float[]> clips) {
        return clips.stream().map(TelephoneChannel::apply).toList();
    }

    @Test
    void telephoneBandVoicesGetTheCallsModelAndEmbeddingsStayInOneSpace() throws Exception {
        List<float[]> clips = clips();
        List<float[]> line = throughTheLine(clips);
        CountingVoiceStats stats = CountingVoiceStats.forShippedHead();
        try (EmbeddedEmotionModel both = EmbeddedEmotionModel.loadDefault(() -> stats);
                EmbeddedEmotionModel recordedOnly = EmbeddedEmotionModel.loadDefault(() -> stats, false)) {
            assertTrue(both.hasCallsModel(), "the calls model is shipped: " + both.describe());
            assertFalse(recordedOnly.hasCallsModel());
            assertTrue(both.describe().contains("calls model"), both.describe());
            // speech as recorded: the answers of the model without a calls model, to the digit
            SpeakerVoice voice = both.voiceOf(clips);
            assertFalse(voice.band().narrowband(), "share " + voice.band().share());
            List<ClipEmotion> a = both.analyse(clips, true, voice);
            List<ClipEmotion> b = recordedOnly.analyse(clips, true, voice);
            for (int i = 0; i < clips.size(); i++) {
                assertEquals(b.get(i).estimate(), a.get(i).estimate(), "clip " + i);
                assertArrayEquals(b.get(i).frameScores(), a.get(i).frameScores(), "clip " + i);
            }
            // the same voice through a telephone line: the calls model answers; the embeddings are the recorded model's
            SpeakerVoice call = both.voiceOf(line);
            assertTrue(call.band().narrowband(), "share " + call.band().share());
            List<ClipEmotion> c = both.analyse(line, true, call);
            List<ClipEmotion> d = recordedOnly.analyse(line, true, call);
            for (int i = 0; i < line.size(); i++) {
                assertNotEquals(d.get(i).estimate().scores(), c.get(i).estimate().scores(), "clip " + i);
                assertArrayEquals(d.get(i).embedding(), c.get(i).embedding(), 1e-6f, "clip " + i);
                assertArrayEquals(d.get(i).frameFeatures(), c.get(i).frameFeatures(), 1e-6f, "clip " + i);
                assertNotEquals(java.util.Arrays.toString(d.get(i).frameScores()),
                        java.util.Arrays.toString(c.get(i).frameScores()), "frame scores are the judge's: clip " + i);
            }
            // the line's voice heard as a wideband recording's (its recording's band) gets the model as recorded
            List<ClipEmotion> e = both.analyse(line, false, call.withBand(voice.band()));
            List<ClipEmotion> f = recordedOnly.analyse(line, false, call);
            for (int i = 0; i < line.size(); i++) {
                assertEquals(f.get(i).estimate(), e.get(i).estimate(), "clip " + i);
            }
            // a clip without a voice: its own band decides
            assertNotEquals(recordedOnly.analyse(line.subList(0, 1), false).get(0).estimate().scores(),
                    both.analyse(line.subList(0, 1), false).get(0).estimate().scores());
        }
    }

    @Test
    void withoutTheVoiceEncoderBothModelsAnswerWithoutTheirHeads() throws Exception {
        List<float[]> line = throughTheLine(clips());
        CountingVoiceStats other = new CountingVoiceStats("sha256:not-the-heads-encoder", 8);
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.loadDefault(() -> other)) {
            assertFalse(m.voiceHeadActive(), m.describe());
            assertTrue(m.hasCallsModel());
            SpeakerVoice call = m.voiceOf(line);
            assertEquals(0, call.statClips(), "no statistics are read for heads that are off");
            List<ClipEmotion> answers = m.analyse(line, false, call);
            assertTrue(answers.stream().allMatch(ClipEmotion::ran));
            assertEquals(0, other.calls.get());
        }
    }

    @Test
    void aRecordingsVoicesAreJudgedAsTheRecordingSounds() throws Exception {
        List<float[]> clips = clips();
        CountingVoiceStats stats = CountingVoiceStats.forShippedHead();
        try (EmbeddedEmotionModel m = EmbeddedEmotionModel.loadDefault(() -> stats)) {
            SegmentEmotionRunner runner = new SegmentEmotionRunner(m, InputQualityGate.standard(),
                    SlidingWindowTracker.Settings.defaults());
            // speaker A's two clips through a telephone line, B's two as recorded, one after the other
            List<float[]> parts = List.of(TelephoneChannel.apply(clips.get(0)), TelephoneChannel.apply(clips.get(1)),
                    clips.get(2), clips.get(3));
            List<Segment> segments = new ArrayList<>();
            int total = parts.stream().mapToInt(x -> x.length).sum();
            float[] audio = new float[total];
            int at = 0;
            for (int i = 0; i < parts.size(); i++) {
                System.arraycopy(parts.get(i), 0, audio, at, parts.get(i).length);
                segments.add(new Segment(i < 2 ? "A" : "B", at / 16_000.0, (at + parts.get(i).length) / 16_000.0));
                at += parts.get(i).length;
            }
            Map<String, SpeakerVoice> voices = runner.voices(new ArrayAudioSource(audio, 16_000), segments,
                    ProgressListener.NONE);
            // each voice carries the band of all the recording's speech: A's (a call) and B's (recorded) together
            io.emotrace.domain.BandEnergy sum = m.voiceOf(parts.subList(0, 2)).band().plus(m.voiceOf(parts.subList(2, 4))
                    .band());
            assertEquals(sum.all(), voices.get("A").band().all(), 1e-6 * sum.all());
            assertEquals(voices.get("A").band(), voices.get("B").band(), "one recording, one band");
            // all of it as recorded: no voice is a call's; all of it through the line: every voice is
            float[] recorded = new float[total];
            float[] call = new float[total];
            at = 0;
            for (int i = 0; i < parts.size(); i++) {
                float[] x = clips.get(i);
                System.arraycopy(x, 0, recorded, at, Math.min(x.length, parts.get(i).length));
                float[] l = TelephoneChannel.apply(x);
                System.arraycopy(l, 0, call, at, Math.min(l.length, parts.get(i).length));
                at += parts.get(i).length;
            }
            Map<String, SpeakerVoice> room = runner.voices(new ArrayAudioSource(recorded, 16_000), segments,
                    ProgressListener.NONE);
            assertFalse(room.get("A").band().narrowband() || room.get("B").band().narrowband());
            Map<String, SpeakerVoice> phone = runner.voices(new ArrayAudioSource(call, 16_000), segments,
                    ProgressListener.NONE);
            assertTrue(phone.get("A").band().narrowband() && phone.get("B").band().narrowband());
        }
    }
}
