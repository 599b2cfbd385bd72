package io.emotrace.emotion.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.testing.PitchEmotionModel;
import io.emotrace.emotion.testing.PitchModelVariant;
import io.emotrace.emotion.testing.SpeechLike;
import io.emotrace.pipeline.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowTrackerTest {
    private static final int SR = 16_000;

    /** 0-4 s low voice (sad for the pitch model), 4-8 s high voice (angry). */
    private static float[] lowThenHigh() {
        float[] x = new float[8 * SR];
        SpeechLike.voiced(x, 0, 4 * SR, 120, 0.3, 1);
        SpeechLike.voiced(x, 4 * SR, 4 * SR, 1000, 0.3, 2);
        return x;
    }

    private static List<EmotionTrackPoint> track(float[] audio, SlidingWindowTracker.Settings s) throws EmotraceException {
        return new SlidingWindowTracker(new PitchEmotionModel(), InputQualityGate.standard(), s)
                .track(new ArrayAudioSource(audio), 0, audio.length / (double) SR);
    }

    /** Time of the first point labelled {@code e} after the curve has left the first label. */
    private static double firstTime(List<EmotionTrackPoint> points, Emotion e) {
        return points.stream().filter(p -> p.emotion().emotion() == e).mapToDouble(EmotionTrackPoint::time).min().orElse(Double.NaN);
    }

    @Test
    void windowsCoverTheSpanAtTheHopAndTheLastEndsAtTheEnd() throws Exception {
        List<EmotionTrackPoint> p = track(lowThenHigh(), SlidingWindowTracker.Settings.defaults());
        // (8 - 1) / 0.25 + 1 windows
        assertEquals(29, p.size());
        for (int i = 0; i < p.size(); i++) {
            assertEquals(1.0, p.get(i).end() - p.get(i).start(), 1e-9);
            assertEquals((p.get(i).start() + p.get(i).end()) / 2, p.get(i).time(), 1e-9);
            if (i > 0) {
                assertEquals(0.25, p.get(i).start() - p.get(i - 1).start(), 1e-9);
            }
        }
        assertEquals(8.0, p.get(p.size() - 1).end(), 1e-9);
        // span not a multiple of the hop: the last window is moved back to end at the span's end
        List<EmotionTrackPoint> q = new SlidingWindowTracker(new PitchEmotionModel())
                .track(new ArrayAudioSource(lowThenHigh()), 0.1, 3.2);
        assertEquals(10, q.size());
        assertEquals(0.1, q.get(0).start(), 1e-9);
        assertEquals(3.2, q.get(9).end(), 1e-9);
        assertEquals(2.2, q.get(9).start(), 1e-9);
        // a span shorter than the window: one window over the span
        List<EmotionTrackPoint> shortSpan = new SlidingWindowTracker(new PitchEmotionModel())
                .track(new ArrayAudioSource(lowThenHigh()), 1.0, 1.6);
        assertEquals(1, shortSpan.size());
        assertEquals(0.6, shortSpan.get(0).end() - shortSpan.get(0).start(), 1e-9);
        assertEquals(0, new SlidingWindowTracker(new PitchEmotionModel())
                .track(new ArrayAudioSource(lowThenHigh()), 9, 10).size());
    }

    @Test
    void theCurveFollowsAChangeOfEmotionAndCentredSmoothingDoesNotDelayIt() throws Exception {
        float[] audio = lowThenHigh();
        SlidingWindowTracker.Settings base = SlidingWindowTracker.Settings.defaults();
        List<EmotionTrackPoint> raw = track(audio, base.withSmoothing(Smoothing.NONE, 0));
        List<EmotionTrackPoint> centred = track(audio, base);
        List<EmotionTrackPoint> ema = track(audio, base.withSmoothing(Smoothing.EXPONENTIAL, 1.0));
        for (List<EmotionTrackPoint> curve : List.of(raw, centred, ema)) {
            assertEquals(Emotion.SAD, curve.get(0).emotion().emotion());
            assertEquals(Emotion.ANGRY, curve.get(curve.size() - 1).emotion().emotion());
            for (EmotionTrackPoint p : curve) {
                assertTrue(p.judged(), p.toString());
                double total = 0;
                for (float s : p.scores()) {
                    total += s;
                }
                assertEquals(1.0, total, 1e-5);
                assertEquals(p.score(p.emotion().emotion()), p.confidence(), 1e-6);
            }
        }
        double rawChange = firstTime(raw, Emotion.ANGRY);
        double centredChange = firstTime(centred, Emotion.ANGRY);
        double emaChange = firstTime(ema, Emotion.ANGRY);
        assertEquals(4.0, rawChange, 0.5);
        assertEquals(4.0, centredChange, 0.5);
        // the causal average lags the change by about its time constant; the centred one does not
        assertTrue(emaChange > centredChange + 0.2, "exponential " + emaChange + " vs centred " + centredChange);
        // averaging makes the transition gradual: the point at the change is less certain than the raw one
        EmotionTrackPoint rawAt = raw.stream().filter(p -> Math.abs(p.time() - 4.0) < 1e-9).findFirst().orElseThrow();
        EmotionTrackPoint smoothAt = centred.stream().filter(p -> Math.abs(p.time() - 4.0) < 1e-9).findFirst().orElseThrow();
        assertTrue(smoothAt.confidence() <= rawAt.confidence() + 1e-6);
    }

    @Test
    void silenceAndNoiseAreUnknownWithAReasonAndDoNotDiluteTheirNeighbours() throws Exception {
        float[] x = new float[9 * SR];
        SpeechLike.voiced(x, 0, 3 * SR, 1000, 0.3, 1);
        // 3-6 s digital silence
        float[] noise = SpeechLike.whiteNoise(3 * SR, 0.1, 3);
        System.arraycopy(noise, 0, x, 6 * SR, 3 * SR);
        PitchEmotionModel model = new PitchEmotionModel();
        List<EmotionTrackPoint> p = new SlidingWindowTracker(model, InputQualityGate.standard(),
                SlidingWindowTracker.Settings.defaults()).track(new ArrayAudioSource(x), 0, 9);
        int silent = 0;
        int noisy = 0;
        for (EmotionTrackPoint t : p) {
            if (t.start() >= 3.0 && t.end() <= 6.0) {
                assertFalse(t.judged());
                assertEquals(Emotion.UNKNOWN, t.emotion().emotion());
                assertEquals(0.0, t.confidence());
                assertTrue(t.reason().startsWith("silence"), t.reason());
                silent++;
            } else if (t.start() >= 6.0) {
                assertEquals(Emotion.UNKNOWN, t.emotion().emotion());
                assertTrue(t.reason().startsWith("noise"), t.reason());
                noisy++;
            } else if (t.end() <= 3.0) {
                assertEquals(Emotion.ANGRY, t.emotion().emotion());
            }
            if (t.judged()) {
                // silent windows' zero scores never enter an average: every judged point still sums to 1
                double total = 0;
                for (float s : t.scores()) {
                    total += s;
                }
                assertEquals(1.0, total, 1e-5, "at " + t.time());
            }
        }
        assertEquals(9, silent);
        assertEquals(9, noisy);
        // rejected windows never reach the model
        assertEquals(p.size() - silent - noisy - countMixed(p), model.clips.get());
    }

    private static int countMixed(List<EmotionTrackPoint> p) {
        // windows straddling speech/silence or silence/noise are judged on their content; count those not sent
        int n = 0;
        for (EmotionTrackPoint t : p) {
            boolean pure = (t.start() >= 3.0 && t.end() <= 6.0) || t.start() >= 6.0 || t.end() <= 3.0;
            if (!pure && !t.judged()) {
                n++;
            }
        }
        return n;
    }

    /** A computed 5-minute recording that records how much any one read asks for. */
    private static final class FiveMinutes implements AudioSource {
        final AtomicLong largestRead = new AtomicLong();
        final AtomicLong samplesRead = new AtomicLong();

        @Override
        public int sampleRate() {
            return SR;
        }

        @Override
        public long length() {
            return 300L * SR;
        }

        @Override
        public void read(long start, float[] dst, int off, int count) {
            largestRead.accumulateAndGet(count, Math::max);
            samplesRead.addAndGet(count);
            // 20 s low voice, 20 s high voice, alternating
            for (int i = 0; i < count; i++) {
                long s = start + i;
                double t = s / (double) SR;
                double f0 = ((long) (t / 20)) % 2 == 0 ? 120 : 1000;
                double env = Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t), 2);
                double v = 0;
                for (int h = 1; h <= 5; h++) {
                    v += Math.sin(2 * Math.PI * f0 * h * t) / h;
                }
                dst[off + i] = s < length() ? (float) (0.15 * env * v + 0.0005 * Math.sin(s * 1.7)) : 0f;
            }
        }

        @Override
        public void close() {
        }
    }

    @Test
    void fiveMinutesStreamInBoundedReadsAndGiveACurve() throws Exception {
        FiveMinutes audio = new FiveMinutes();
        PitchEmotionModel model = new PitchEmotionModel();
        SlidingWindowTracker tracker = new SlidingWindowTracker(model);
        List<EmotionTrackPoint> curve = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        long n = tracker.track(audio, 0, 300, curve::add, e -> progress.add(e.fraction()));
        assertEquals((300 - 1) * 4 + 1, n);
        assertEquals(n, curve.size());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).time() > curve.get(i - 1).time());
        }
        // one read per batch of 32 windows: 31 hops + 1 window, never the whole file
        assertEquals(31 * 4000 + 16_000, audio.largestRead.get());
        assertTrue(audio.samplesRead.get() < 1.2 * audio.length(), "each sample read about once: " + audio.samplesRead);
        assertEquals(SR, model.longestClip);
        assertEquals((n + 31) / 32, model.calls.get());
        assertEquals(1.0, progress.get(progress.size() - 1), 1e-9);
        // the curve alternates with the voice every 20 s
        for (EmotionTrackPoint p : curve) {
            double inBlock = p.time() % 20;
            if (inBlock > 1 && inBlock < 19) {
                Emotion expected = ((long) (p.time() / 20)) % 2 == 0 ? Emotion.SAD : Emotion.ANGRY;
                assertEquals(expected, p.emotion().emotion(), "at " + p.time());
            }
        }
    }

    /** Abstains ('other', confidence 1 - top) wherever the pitch model would say sad, as a calibrated model does. */
    private static final class AbstainingModel extends PitchModelVariant {
        AbstainingModel() {
            super("abstaining", 2);
        }

        @Override
        public List<io.emotrace.emotion.ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) {
            List<io.emotrace.emotion.ClipEmotion> out = new ArrayList<>();
            for (io.emotrace.emotion.ClipEmotion c : pitch.analyse(clips, keepFrames)) {
                io.emotrace.domain.EmotionEstimate e = c.estimate();
                if (e.emotion() == Emotion.SAD) {
                    e = new io.emotrace.domain.EmotionEstimate(Emotion.OTHER, 1 - e.confidence(), e.scores());
                }
                out.add(new io.emotrace.emotion.ClipEmotion(e, null, c.frames(), c.dim(), c.embedding(), null, null));
            }
            return out;
        }
    }

    @Test
    void aModelsOwnOtherAbstentionSurvivesSmoothing() throws Exception {
        float[] audio = lowThenHigh();
        for (Smoothing s : Smoothing.values()) {
            List<EmotionTrackPoint> p = new SlidingWindowTracker(new AbstainingModel(), InputQualityGate.standard(),
                    SlidingWindowTracker.Settings.defaults().withSmoothing(s, 1.0)).track(new ArrayAudioSource(audio), 0, 8);
            assertEquals(Emotion.OTHER, p.get(0).emotion().emotion(), s.name());
            // scores still say sad (the model's scores are kept), the label and confidence are the model's abstention
            assertTrue(p.get(0).score(Emotion.SAD) > 0.5);
            assertTrue(p.get(0).confidence() < 0.5, p.get(0).toString());
            assertEquals(Emotion.ANGRY, p.get(p.size() - 1).emotion().emotion(), s.name());
        }
    }

    @Test
    void wrongSampleRateIsATypedError() {
        SlidingWindowTracker t = new SlidingWindowTracker(new PitchEmotionModel());
        EmotraceException e = assertThrows(EmotraceException.class,
                () -> t.track(new ArrayAudioSource(new float[8000], 8000), 0, 1, p -> { }, ProgressListener.NONE));
        assertEquals("emotion.sample-rate", e.code());
        assertThrows(IllegalArgumentException.class, () -> SlidingWindowTracker.Settings.defaults().withWindow(0, 0.25));
    }
}
