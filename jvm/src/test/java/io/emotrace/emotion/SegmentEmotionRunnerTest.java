package io.emotrace.emotion;

import io.emotrace.domain.PreparedClip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.emotion.SegmentEmotionRunner.Clip;
import io.emotrace.emotion.SegmentEmotionRunner.Judged;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.testing.PitchEmotionModel;
import io.emotrace.emotion.testing.SpeechLike;
import io.emotrace.emotion.track.SlidingWindowTracker;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.domain.Segment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The segment-emotion runner both the pipeline's emotion stage and the {@code emotion} command go through. */
class SegmentEmotionRunnerTest {
    private static final int SR = 16_000;

    private static SegmentEmotionRunner runner(EmotionModel model) {
        return new SegmentEmotionRunner(model, InputQualityGate.standard(), SlidingWindowTracker.Settings.defaults());
    }

    private static float[] speech(double seconds, double f0) {
        return SpeechLike.voiced((int) (seconds * SR), f0, 0.3, 1);
    }

    @Test
    void rejectedClipsSkipTheModelUnlessTheirEmbeddingsAreWanted() throws Exception {
        PitchEmotionModel model = new PitchEmotionModel();
        SegmentEmotionRunner r = runner(model);
        List<Clip> clips = List.of(Clip.of(speech(1.5, 1000)), Clip.of(new float[SR]), Clip.of(new float[SR / 10]));

        List<Judged> plain = r.judge(clips, false, false);
        assertEquals(1, model.clips.get(), "only the speech reached the model");
        assertTrue(plain.get(0).ran());
        assertEquals(Emotion.ANGRY, plain.get(0).estimate().emotion());
        assertNull(plain.get(0).reason());
        for (Judged j : plain.subList(1, 3)) {
            assertNull(j.clip());
            assertEquals(Emotion.UNKNOWN, j.estimate().emotion());
            assertEquals(0.0, j.estimate().confidence());
            assertTrue(j.estimate().scores().values().stream().allMatch(v -> v == 0.0), j.estimate().toString());
        }
        assertTrue(plain.get(1).reason().startsWith("silence"), plain.get(1).reason());
        assertTrue(plain.get(2).reason().contains("too short"), plain.get(2).reason());

        model.clips.set(0);
        List<Judged> withEmbeddings = r.judge(clips, false, true);
        // the 1 s of silence runs for its embedding; 0.1 s is below the model's 0.3 s minimum and still does not
        assertEquals(2, model.clips.get());
        assertTrue(withEmbeddings.get(1).ran(), "run for its embedding");
        assertEquals(Emotion.UNKNOWN, withEmbeddings.get(1).estimate().emotion(), "but its verdict stays unknown");
        assertTrue(withEmbeddings.get(1).reason().startsWith("silence"));
        assertNull(withEmbeddings.get(2).clip());
    }

    @Test
    void degradedClipsKeepTheirScoresWithTheConfidenceScaled() throws Exception {
        Judged tone = runner(new PitchEmotionModel()).judge(List.of(Clip.of(SpeechLike.tone(2 * SR, 440, 0.3))),
                false, false).get(0);
        assertTrue(tone.ran());
        assertTrue(tone.quality().confidenceFactor() < 1.0);
        EmotionEstimate raw = tone.clip().estimate();
        assertEquals(raw.emotion(), tone.estimate().emotion());
        assertEquals(raw.scores(), tone.estimate().scores());
        assertEquals(raw.confidence() * tone.quality().confidenceFactor(), tone.estimate().confidence(), 1e-12);
        assertFalse(tone.reason() == null || tone.reason().isEmpty(), "says what lowered the confidence");
    }

    @Test
    void theGateJudgesOnlyTheClipsOwnSamplesNotItsContext() throws Exception {
        PitchEmotionModel model = new PitchEmotionModel();
        float[] x = new float[2 * SR];
        SpeechLike.voiced(x, SR, SR, 1000, 0.3, 1); // silence, then speech in the context past the judged part
        Judged j = runner(model).judge(List.of(new Clip(x, SR)), false, false).get(0);
        assertTrue(j.quality().rejected(), "the judged first second is silent");
        assertEquals(0, model.clips.get());
        assertThrows(IllegalArgumentException.class, () -> new Clip(new float[10], 11));
    }

    @Test
    void aModelAnswerThatCannotRunKeepsTheModelsReason() throws Exception {
        EmotionModel refusing = new ForwardingModel(new PitchEmotionModel()) {
            @Override
            public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) {
                List<ClipEmotion> out = new ArrayList<>();
                for (int i = 0; i < clips.size(); i++) {
                    out.add(new ClipEmotion(SegmentEmotionRunner.unknown(), "model says no", 0, 2, null, null, null));
                }
                return out;
            }
        };
        Judged j = runner(refusing).judge(List.of(Clip.of(speech(1, 1000))), false, false).get(0);
        assertFalse(j.ran());
        assertEquals("model says no", j.reason());
        assertEquals(Emotion.UNKNOWN, j.estimate().emotion());
        EmotionModel wrongCount = new ForwardingModel(new PitchEmotionModel()) {
            @Override
            public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) {
                return List.of();
            }
        };
        EmotraceException e = assertThrows(EmotraceException.class,
                () -> runner(wrongCount).judge(List.of(Clip.of(speech(1, 1000))), false, false));
        assertEquals("emotion.contract", e.code());
    }

    @Test
    void recognizeReadsSegmentsInGroupsAndReportsProgress() throws Exception {
        int n = SegmentEmotionRunner.SEGMENTS_PER_READ * 2 + 5;
        float[] audio = new float[n * SR];
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SpeechLike.voiced(audio, i * SR, SR, i % 2 == 0 ? 1000 : 120, 0.3, i);
            segments.add(new Segment(i % 2 == 0 ? "A" : "B", i, i + 1));
        }
        PitchEmotionModel model = new PitchEmotionModel();
        List<ProgressEvent> events = new ArrayList<>();
        List<EmotionEstimate> e = runner(model).recognize(new ArrayAudioSource(audio), segments, events::add);
        assertEquals(n, e.size());
        assertEquals(3, model.calls.get(), "one model call per group of segments");
        assertEquals(SR, model.longestClip, "each segment read on its own");
        for (int i = 0; i < n; i++) {
            assertEquals(i % 2 == 0 ? Emotion.ANGRY : Emotion.SAD, e.get(i).emotion(), "segment " + i);
        }
        assertEquals(3, events.size());
        assertEquals(1.0, events.get(2).fraction());
        assertEquals("emotion", events.get(2).stage());
        EmotraceException rate = assertThrows(EmotraceException.class, () -> runner(model)
                .recognize(new ArrayAudioSource(new float[8000], 8000), segments, ev -> { }));
        assertEquals("emotion.sample-rate", rate.code());
    }

    @Test
    void theCurveCoversTheSpanWithTheTrackersWindows() throws Exception {
        float[] audio = speech(10, 1000);
        SegmentEmotionRunner r = runner(new PitchEmotionModel());
        List<EmotionTrackPoint> points = new ArrayList<>();
        long count = r.track(new ArrayAudioSource(audio), 2, 8, points::add);
        assertEquals(points.size(), count);
        SlidingWindowTracker.Settings s = r.trackSettings();
        assertEquals(Math.round((6 - s.windowSeconds()) / s.hopSeconds()) + 1, count);
        assertTrue(points.get(0).start() >= 2 - 1e-9 && points.get(points.size() - 1).end() <= 8 + 1e-9);
        assertTrue(r.describeTrack().startsWith("pitch-test: "), r.describeTrack());
    }

    /**
     * A model that normalises by the speaker's voice gets each speaker's voice, collected over that speaker's
     * accepted segments only, with that speaker's clips; the curve inside a segment gets it too.
     */
    @Test
    void aVoiceNormalisedModelHearsEachSpeakerAgainstItsOwnVoice() throws Exception {
        int n = SegmentEmotionRunner.SEGMENTS_PER_READ + 7;
        float[] audio = new float[n * SR];
        List<Segment> segments = new ArrayList<>();
        long aSamples = 0;
        long bSamples = 0;
        for (int i = 0; i < n; i++) {
            boolean a = i % 3 != 0;
            boolean silent = i == 4; // an A segment the gate rejects: not part of A's voice
            if (!silent) {
                SpeechLike.voiced(audio, i * SR, SR, a ? 1000 : 120, 0.3, i);
                aSamples += a ? SR : 0;
                bSamples += a ? 0 : SR;
            }
            segments.add(new Segment(a ? "A" : "B", i, i + 1));
        }
        VoiceModel model = new VoiceModel();
        SegmentEmotionRunner r = runner(model);
        java.util.Map<String, io.emotrace.domain.SpeakerVoice> voices = r.voices(new ArrayAudioSource(audio), segments, ev -> { });
        assertEquals(java.util.Set.of("A", "B"), voices.keySet());
        assertEquals(aSamples, voices.get("A").frames());
        assertEquals(bSamples, voices.get("B").frames());
        List<EmotionEstimate> e = r.recognize(new ArrayAudioSource(audio), segments, ev -> { });
        assertEquals(n, e.size());
        for (int i = 0; i < n; i++) {
            if (i != 4) {
                assertEquals(i % 3 != 0 ? Emotion.ANGRY : Emotion.SAD, e.get(i).emotion(), "segment " + i);
            }
        }
        // every clip of A was judged with A's voice and every clip of B with B's
        assertEquals(java.util.Set.of(aSamples, bSamples), new java.util.HashSet<>(model.voicesSeen));
        assertEquals(n - 1, model.judgedWithVoice.get(), "all but the rejected segment");
        model.voicesSeen.clear();
        r.track(new ArrayAudioSource(audio), 1, 3, voices.get("A"), p -> { });
        assertEquals(java.util.Set.of(aSamples), new java.util.HashSet<>(model.voicesSeen));
        // a model without voices is called once per read, voices or not
        PitchEmotionModel plain = new PitchEmotionModel();
        assertTrue(runner(plain).voices(new ArrayAudioSource(audio), segments, ev -> { }).isEmpty());
        runner(plain).recognize(new ArrayAudioSource(audio), segments, ev -> { });
        assertEquals(2, plain.calls.get());
    }

    /**
     * The voice pass's reading of each segment reaches that segment's answer (the model does not read it twice), in
     * the one-call recognize and in the pipeline's voices-then-estimates; voices collected elsewhere carry none.
     */
    @Test
    void eachSegmentIsJudgedWithWhatTheVoicePassReadOfIt() throws Exception {
        int n = SegmentEmotionRunner.SEGMENTS_PER_READ + 5;
        float[] audio = new float[n * SR];
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i != 3) { // segment 3 is silent: the gate rejects it, in both passes
                SpeechLike.voiced(audio, i * SR, SR, i % 2 == 0 ? 1000 : 120, 0.3, i);
            }
            segments.add(new Segment(i % 2 == 0 ? "A" : "B", i, i + 1));
        }
        ReadingModel model = new ReadingModel();
        SegmentEmotionRunner r = runner(model);
        List<EmotionEstimate> e = r.recognize(new ArrayAudioSource(audio), segments, ev -> { });
        assertEquals(n, e.size());
        assertEquals(n - 1, model.prepared.get(), "each accepted segment read once by the voice pass");
        assertEquals(n - 1, model.reused.get(), "and its answer given that reading");
        assertEquals(0, model.mismatched.get(), "no segment got another's reading");
        assertEquals(Emotion.ANGRY, e.get(0).emotion());
        assertEquals(Emotion.SAD, e.get(1).emotion());

        model.reused.set(0);
        var pipeline = new EmotionModelRecognizer(model, InputQualityGate.standard(),
                SlidingWindowTracker.Settings.defaults());
        var voiced = pipeline.recognizeWithVoices(new ArrayAudioSource(audio), segments, ev -> { });
        assertEquals(e, voiced.estimates());
        assertEquals(java.util.Set.of("A", "B"), voiced.voices().keySet());
        assertEquals(n - 1, model.reused.get());
        model.reused.set(0);
        assertEquals(e, r.recognize(new ArrayAudioSource(audio), segments, voiced.voices(), ev -> { }));
        assertEquals(0, model.reused.get(), "voices alone carry no readings: the clips are read as they come");
    }

    /** A voice model whose readings name the clip they were read of; counts what its answers were given. */
    private static final class ReadingModel extends ForwardingModel {
        record Read(float[] of) implements PreparedClip.Reading {
        }

        final java.util.concurrent.atomic.AtomicInteger prepared = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger reused = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger mismatched = new java.util.concurrent.atomic.AtomicInteger();

        ReadingModel() {
            super(new PitchEmotionModel());
        }

        @Override
        public boolean usesSpeakerVoice() {
            return true;
        }

        @Override
        public List<PreparedClip> prepare(List<float[]> clips, boolean estimates) {
            List<PreparedClip> out = new ArrayList<>();
            for (float[] c : clips) {
                prepared.incrementAndGet();
                out.add(new PreparedClip(c, new io.emotrace.domain.SpeakerVoice(new double[] {1}, c.length),
                        new Read(c.clone())));
            }
            return out;
        }

        @Override
        public List<ClipEmotion> analysePrepared(List<PreparedClip> clips, boolean keepFrames,
                io.emotrace.domain.SpeakerVoice voice) throws EmotraceException {
            for (PreparedClip c : clips) {
                if (c.reading() instanceof Read read) {
                    reused.incrementAndGet();
                    if (!java.util.Arrays.equals(read.of(), c.samples())) {
                        mismatched.incrementAndGet();
                    }
                }
            }
            return analyse(PreparedClip.samples(clips), keepFrames);
        }
    }

    /** The pitch model with a "voice": as many frames as the accepted clips' samples, recorded when it is used. */
    private static final class VoiceModel extends ForwardingModel {
        final List<Long> voicesSeen = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger judgedWithVoice = new java.util.concurrent.atomic.AtomicInteger();

        VoiceModel() {
            super(new PitchEmotionModel());
        }

        @Override
        public boolean usesSpeakerVoice() {
            return true;
        }

        @Override
        public io.emotrace.domain.SpeakerVoice voiceOf(List<float[]> clips) {
            long samples = 0;
            for (float[] c : clips) {
                samples += c.length;
            }
            return new io.emotrace.domain.SpeakerVoice(new double[] {samples}, samples);
        }

        @Override
        public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames, io.emotrace.domain.SpeakerVoice voice)
                throws EmotraceException {
            if (voice != null) {
                voicesSeen.add(voice.frames());
                judgedWithVoice.addAndGet(clips.size());
            }
            return analyse(clips, keepFrames);
        }
    }

    /** Delegates everything to another model; tests override {@link #analyse}. */
    private static class ForwardingModel implements EmotionModel {
        private final EmotionModel to;

        ForwardingModel(EmotionModel to) {
            this.to = to;
        }

        @Override
        public String name() {
            return to.name();
        }

        @Override
        public int embeddingDim() {
            return to.embeddingDim();
        }

        @Override
        public double frameRate() {
            return to.frameRate();
        }

        @Override
        public double minSeconds() {
            return to.minSeconds();
        }

        @Override
        public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) throws EmotraceException {
            return to.analyse(clips, keepFrames);
        }

        @Override
        public String describe() {
            return to.describe();
        }

        @Override
        public void close() {
            to.close();
        }
    }
}
