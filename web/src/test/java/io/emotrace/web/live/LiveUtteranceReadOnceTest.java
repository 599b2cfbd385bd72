package io.emotrace.web.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.PreparedClip;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerVoice;
import io.emotrace.emotion.EmotionModelRecognizer;
import io.emotrace.emotion.embedded.CountingVoiceStats;
import io.emotrace.emotion.embedded.VoiceHead;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import io.emotrace.pipeline.Engines;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.TestStages;
import io.emotrace.web.LiveEvent;
import io.emotrace.web.SegmentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A live utterance is read once for its share of the speaker's voice and its estimate: the shipped emotion model with
 * a counting stand-in for the speaker network's statistics, behind the live analysis of real speech (one speaker, so
 * the running voice soon has the clips the voice head needs). Every statistics call happens in the voice pass
 * ({@link EmotionRecognizer#prepare}); the estimates, judged against the running voice, compute none, and equal the
 * estimates of the raw utterances.
 */
class LiveUtteranceReadOnceTest {
    /** One voice: every clip embeds to the same point, so every utterance is the same live speaker. */
    public static final class OneVoice extends TestStages.AlternatingDiarizer {
        @Override
        public float[][] embedClips(List<float[]> clips) {
            float[][] out = new float[clips.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[24];
                out[i][0] = 1;
            }
            return out;
        }
    }

    /** Two voices taking turns: utterance i embeds to the first axis when i is even, to the second when it is odd. */
    public static final class TwoVoices extends TestStages.AlternatingDiarizer {
        private int next;

        @Override
        public synchronized float[][] embedClips(List<float[]> clips) {
            float[][] out = new float[clips.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[24];
                out[i][next++ % 2] = 1;
            }
            return out;
        }
    }

    /** The recognizer the live analysis gets, counting the statistics computed inside and outside its voice pass. */
    static final class Watched implements EmotionRecognizer, EmotionRecognizerFactory {
        record Judged(float[] samples, SpeakerVoice voice, EmotionEstimate estimate) {
        }

        final EmotionModelRecognizer inner;
        final CountingVoiceStats stats;
        final List<Judged> prepared = Collections.synchronizedList(new ArrayList<>());
        volatile int prepares;
        volatile int inVoicePass;
        volatile int rawVoiceCalls;

        Watched(EmotionModelRecognizer inner, CountingVoiceStats stats) {
            this.inner = inner;
            this.stats = stats;
        }

        @Override
        public String name() {
            return "watched-embedded";
        }

        @Override
        public Availability availability() {
            return Availability.yes("test");
        }

        @Override
        public EmotionRecognizer create() {
            return this;
        }

        @Override
        public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener progress)
                throws EmotraceException {
            return inner.recognize(audio, segments, progress);
        }

        @Override
        public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, SpeakerVoice voice,
                ProgressListener progress) throws EmotraceException {
            return inner.recognize(audio, segments, voice, progress);
        }

        @Override
        public boolean usesSpeakerVoice() {
            return inner.usesSpeakerVoice();
        }

        @Override
        public SpeakerVoice voiceOf(float[] samples) throws EmotraceException {
            rawVoiceCalls++;
            return inner.voiceOf(samples);
        }

        @Override
        public PreparedClip prepare(float[] samples) throws EmotraceException {
            int before = stats.calls.get();
            PreparedClip p = inner.prepare(samples);
            inVoicePass += stats.calls.get() - before;
            prepares++;
            return p;
        }

        @Override
        public EmotionEstimate recognizePrepared(PreparedClip clip, SpeakerVoice voice) throws EmotraceException {
            EmotionEstimate e = inner.recognizePrepared(clip, voice);
            if (clip.reading() != null) {
                prepared.add(new Judged(clip.samples(), voice, e));
            }
            return e;
        }

        @Override
        public boolean concurrent() {
            return inner.concurrent();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /**
     * The energy gate held for 0.25 s after speech, as Silero's smoothing holds speech across the pauses between words
     * (the bare 32 ms gate cuts RAVDESS sentences into words at the live silence of 0.15 s, most under the 0.25 s
     * minimum).
     */
    static final class HoldingVad extends TestStages.SelfContained<io.emotrace.vad.VoiceActivityDetector>
            implements io.emotrace.vad.VadFactory, io.emotrace.vad.VoiceActivityDetector {
        private final TestStages.EnergyVad gate = new TestStages.EnergyVad();

        HoldingVad() {
            super("energy-held-test", "energy gate 0.01 RMS, held 0.25 s");
        }

        @Override
        public java.util.List<io.emotrace.domain.SpeechRegion> detect(AudioSource audio) {
            return gate.detect(audio);
        }

        @Override
        public io.emotrace.vad.VadStream openStream() {
            io.emotrace.vad.VadStream in = gate.openStream();
            return new io.emotrace.vad.VadStream() {
                private int hold;

                @Override
                public int chunkSamples() {
                    return in.chunkSamples();
                }

                @Override
                public void accept(float[] x, int off, int n, io.emotrace.vad.SileroVad.ProbabilitySink sink) {
                    in.accept(x, off, n, (i, p) -> {
                        hold = p >= 0.5f ? 8 : Math.max(0, hold - 1); // 8 chunks of 32 ms
                        sink.accept(i, hold > 0 ? 1f : 0f);
                    });
                }

                @Override
                public void close() {
                    in.close();
                }
            };
        }
    }

    /** The five RAVDESS utterances of one actor, each through {@code channel}. */
    private static List<float[]> speech(java.util.function.UnaryOperator<float[]> channel) throws Exception {
        List<float[]> speech = new ArrayList<>();
        for (String f : List.of("03-01-01-01-01-01-01", "03-01-05-02-01-01-01", "03-01-04-01-02-01-01",
                "03-01-03-02-01-02-01", "03-01-02-01-02-02-01")) {
            speech.add(channel.apply(new FfmpegAudioDecoder().decodeAll(
                    SharedTestData.require("data/ravdess/Actor_01/" + f + ".flac"))));
        }
        return speech;
    }

    /** What a live stream of {@code speech} (a second of silence after each) gave: its utterances, and what was judged. */
    private record Streamed(List<SegmentEvent> utterances, Watched emotion, CountingVoiceStats stats) {
    }

    /** Checks of a stream, run while its engines (the emotion model) are still open. */
    private interface Check {
        void on(Streamed run) throws Exception;
    }

    private static void stream(List<float[]> speech, Check check) throws Exception {
        stream(speech, new OneVoice(), check);
    }

    private static void stream(List<float[]> speech, TestStages.AlternatingDiarizer voices, Check check)
            throws Exception {
        CountingVoiceStats stats = CountingVoiceStats.forShippedHead();
        Watched emotion = new Watched(new EmotionModelRecognizer(stats.shippedModel()), stats);
        StageCatalog stages = StageCatalog.of(List.of(), List.of(new HoldingVad()), List.of(voices),
                List.of(emotion), List.of(), List.of());
        List<SegmentEvent> segments = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Engines engines = new Engines(stages)) {
            LiveAnalyzer live = new LiveAnalyzer(engines, new LiveAnalyzer.Sink() {
                @Override
                public void event(LiveEvent e) {
                }

                @Override
                public void segment(SegmentEvent s) {
                    segments.add(s);
                }

                @Override
                public void flag(RuleFlag f) {
                }
            }, "", Duration.ofSeconds(1), new SerialTasks(pool));
            for (float[] x : speech) {
                live.accept(x);
                live.accept(new float[LiveAnalyzer.RATE]); // a second of silence ends the utterance
            }
            CountDownLatch done = new CountDownLatch(1);
            live.finish(done::countDown);
            assertTrue(done.await(5, TimeUnit.MINUTES), "the analysis lane finished");
            check.on(new Streamed(segments.stream().filter(s -> s.stage().equals("live")).toList(), emotion, stats));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLiveUtterancesStatisticsAreComputedOnce() throws Exception {
        stream(speech(java.util.function.UnaryOperator.identity()), LiveUtteranceReadOnceTest::readOnce);
    }

    private static void readOnce(Streamed run) throws Exception {
        List<SegmentEvent> utterances = run.utterances();
        Watched emotion = run.emotion();
        CountingVoiceStats stats = run.stats();
        assertTrue(utterances.size() >= 4, utterances.size() + " utterances"); // a soft one may stay under the VAD
        for (SegmentEvent s : utterances) {
            assertNotNull(s.speaker());
            assertEquals(utterances.get(0).speaker(), s.speaker(), "one voice, one speaker");
            assertNotNull(s.emotion());
        }
        assertEquals(utterances.size(), emotion.prepares, "each utterance is read by the voice pass");
        assertEquals(0, emotion.rawVoiceCalls, "no utterance is read for its voice alone");
        long fused = emotion.prepared.stream()
                .filter(j -> j.voice() != null && j.voice().statClips() >= VoiceHead.MIN_CLIPS).count();
        assertTrue(fused >= 2, "utterances judged with the voice head: " + fused);
        assertTrue(emotion.inVoicePass >= fused, emotion.inVoicePass + " statistics in the voice pass");
        assertEquals(emotion.inVoicePass, stats.calls.get(),
                "the answers (and the sliding windows) computed no statistics the voice pass had computed");

        // the same answers as the raw utterances judged against the same voices (which reads them again)
        for (Watched.Judged j : emotion.prepared) {
            float[] x = j.samples();
            EmotionEstimate raw = emotion.inner.recognize(new ArrayAudioSource(x, LiveAnalyzer.RATE),
                    List.of(new Segment(null, 0, x.length / (double) LiveAnalyzer.RATE)), j.voice(),
                    ProgressListener.NONE).get(0);
            assertEquals(raw, j.estimate());
            assertTrue(j.voice() == null || !j.voice().band().narrowband(), "speech as recorded is no call's");
        }
    }

    /**
     * A call of two voices taking turns: each utterance is judged against its speaker's voice heard with the band of all
     * of the stream's speech so far (both voices'), a call's.
     */
    @Test
    void aLiveCallsVoicesCarryTheStreamsTelephoneBand() throws Exception {
        stream(speech(io.emotrace.audio.TelephoneChannel::apply), new TwoVoices(), run -> {
            List<SegmentEvent> utterances = run.utterances();
            assertTrue(utterances.size() >= 4, utterances.size() + " utterances");
            assertTrue(utterances.stream().map(SegmentEvent::speaker).distinct().count() == 2, "two voices");
            List<Watched.Judged> judged = run.emotion().prepared;
            assertEquals(utterances.size(), judged.size());
            double sofar = 0;
            for (int k = 0; k < judged.size(); k++) {
                Watched.Judged j = judged.get(k);
                sofar += io.emotrace.audio.Bandwidth.energy(j.samples(), LiveAnalyzer.RATE).all();
                assertTrue(j.voice().band().narrowband(), "share " + j.voice().band().share());
                // the stream's band, not the speaker's own: from the second utterance on, the other voice's is in it
                assertEquals(sofar, j.voice().band().all(), 1e-6 * sofar, "utterance " + k);
            }
        });
    }
}
