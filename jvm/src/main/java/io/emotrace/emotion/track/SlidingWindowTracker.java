package io.emotrace.emotion.track;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.EmotionModel;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.quality.QualityReport;
import io.emotrace.pipeline.ProgressListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A time-resolved emotion curve for ANY {@link EmotionModel}: windows of {@code window} seconds every {@code hop}
 * seconds over a span of an {@link AudioSource}, each judged by the model (after the {@link InputQualityGate}),
 * smoothed (see {@link Smoothing}) and handed to a consumer as {@link EmotionTrackPoint}s in time order.
 *
 * <p>Streamed: the audio is read one batch of windows at a time ({@code batchWindows} windows, a few seconds),
 * and only the look-ahead of the smoother is buffered, so a recording of any length runs in constant memory.
 * Every window has the same length (the last one is moved back to end at the span's end), so backends that
 * batch equal-length clips (Emotion2Vec+) run each batch in one call. A span shorter than the window gives one
 * window over the whole span. Thread-safe if the model is; one tracker can serve many spans.
 */
public final class SlidingWindowTracker {
    /**
     * @param windowSeconds window length (default 1.0 s)
     * @param hopSeconds step between window starts (default 0.25 s)
     * @param smoothing how window scores become the curve
     * @param smoothingSeconds CENTRED: span of window centres averaged; EXPONENTIAL: time constant
     * @param batchWindows windows per model call (and per audio read)
     */
    public record Settings(double windowSeconds, double hopSeconds, Smoothing smoothing, double smoothingSeconds,
            int batchWindows) {
        public Settings {
            if (!(windowSeconds > 0) || !(hopSeconds > 0) || !(smoothingSeconds >= 0) || batchWindows < 1) {
                throw new IllegalArgumentException("window and hop must be > 0, smoothing >= 0, batch >= 1: "
                        + windowSeconds + ", " + hopSeconds + ", " + smoothingSeconds + ", " + batchWindows);
            }
        }

        public static Settings defaults() {
            return new Settings(1.0, 0.25, Smoothing.CENTRED, 1.0, 32);
        }

        public Settings withWindow(double window, double hop) {
            return new Settings(window, hop, smoothing, smoothingSeconds, batchWindows);
        }

        public Settings withSmoothing(Smoothing s, double seconds) {
            return new Settings(windowSeconds, hopSeconds, s, seconds, batchWindows);
        }
    }

    private static final int CLASSES = Emotion.values().length;

    private final EmotionModel model;
    private final InputQualityGate gate;
    private final Settings settings;

    public SlidingWindowTracker(EmotionModel model, InputQualityGate gate, Settings settings) {
        this.model = model;
        this.gate = gate;
        this.settings = settings;
    }

    public SlidingWindowTracker(EmotionModel model) {
        this(model, InputQualityGate.standard(), Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /** Window starts and length in samples for a span; the last window ends exactly at the span's end. */
    record Geometry(long spanStart, long spanEnd, int window, int hop, long count) {
        long start(long i) {
            if (spanEnd - spanStart <= window) {
                return spanStart;
            }
            return i == count - 1 ? spanEnd - window : spanStart + i * hop;
        }

        int length() {
            return (int) Math.min(window, spanEnd - spanStart);
        }
    }

    Geometry geometry(AudioSource audio, double startSeconds, double endSeconds) {
        int sr = audio.sampleRate();
        long a = Math.max(0, Math.round(startSeconds * sr));
        long e = Math.min(audio.length(), Math.round(endSeconds * sr));
        if (e <= a) {
            return new Geometry(a, a, 0, 1, 0);
        }
        int win = (int) Math.max(1, Math.round(settings.windowSeconds() * sr));
        int hop = (int) Math.max(1, Math.round(settings.hopSeconds() * sr));
        long len = e - a;
        long count = len <= win ? 1 : (len - win + hop - 1) / hop + 1;
        return new Geometry(a, e, win, hop, count);
    }

    /** Convenience for short spans: the whole curve as a list. */
    public List<EmotionTrackPoint> track(AudioSource audio, double startSeconds, double endSeconds) throws EmotraceException {
        List<EmotionTrackPoint> out = new ArrayList<>();
        track(audio, startSeconds, endSeconds, out::add, ProgressListener.NONE);
        return out;
    }

    /**
     * Tracks [startSeconds, endSeconds) (clamped to the audio) and hands each point to {@code sink} in time order.
     *
     * @return the number of points emitted
     */
    public long track(AudioSource audio, double startSeconds, double endSeconds, Consumer<EmotionTrackPoint> sink,
            ProgressListener progress) throws EmotraceException {
        return track(audio, startSeconds, endSeconds, null, sink, progress);
    }

    /** The curve over one speaker's stretch of audio whose voice is known (null = unknown). */
    public long track(AudioSource audio, double startSeconds, double endSeconds, io.emotrace.domain.SpeakerVoice voice,
            Consumer<EmotionTrackPoint> sink, ProgressListener progress) throws EmotraceException {
        if (audio.sampleRate() != 16_000) {
            throw new EmotraceException("emotion.sample-rate", model.name() + " needs 16 kHz audio, got "
                    + audio.sampleRate() + " Hz");
        }
        Geometry g = geometry(audio, startSeconds, endSeconds);
        Smoother smoother = smoother(sink);
        int len = g.length();
        double sr = audio.sampleRate();
        for (long first = 0; first < g.count(); first += settings.batchWindows()) {
            int n = (int) Math.min(settings.batchWindows(), g.count() - first);
            long readFrom = g.start(first);
            long readTo = g.start(first + n - 1) + len;
            // one read per batch: consecutive windows overlap, so this touches each sample about once
            float[] chunk = audio.read(readFrom, Math.toIntExact(readTo - readFrom));
            QualityReport[] quality = new QualityReport[n];
            int[] judged = new int[n];
            int m = 0;
            for (int k = 0; k < n; k++) {
                int off = (int) (g.start(first + k) - readFrom);
                quality[k] = gate.assess(chunk, off, len);
                if (!quality[k].rejected()) {
                    judged[m++] = off;
                }
            }
            List<ClipEmotion> results = m == 0 ? List.of()
                    : model.analyseWindows(chunk, Arrays.copyOf(judged, m), len, voice);
            int r = 0;
            for (int k = 0; k < n; k++) {
                double ws = g.start(first + k) / sr;
                double we = (g.start(first + k) + len) / sr;
                if (quality[k].rejected()) {
                    smoother.add(Window.notJudged(ws, we, quality[k].reason()));
                    continue;
                }
                ClipEmotion c = results.get(r++);
                if (!c.ran()) {
                    smoother.add(Window.notJudged(ws, we, c.reason()));
                } else {
                    smoother.add(new Window(ws, we, scoreArray(c), true, quality[k].confidenceFactor(), quality[k].reason(),
                            abstained(c) ? c.estimate().confidence() : -1));
                }
            }
            progress.report("emotion-track", (first + n) / (double) g.count(),
                    model.name() + ": " + (first + n) + "/" + g.count() + " windows");
        }
        smoother.finish();
        return smoother.emitted;
    }

    private static float[] scoreArray(ClipEmotion c) {
        float[] s = new float[CLASSES];
        for (Emotion e : Emotion.values()) {
            s[e.ordinal()] = c.estimate().scores().get(e).floatValue();
        }
        return s;
    }

    /** One judged (or not) window before smoothing. */
    /**
     * One judged (or not) window before smoothing. {@code otherConfidence} >= 0 marks a window the model itself
     * labelled {@code other} although another class has the top score (a model that abstains below a calibrated
     * confidence, as the embedded one does); -1 otherwise.
     */
    private record Window(double start, double end, float[] scores, boolean ran, double factor, String reason,
            double otherConfidence) {
        static Window notJudged(double start, double end, String reason) {
            float[] s = new float[CLASSES];
            return new Window(start, end, s, false, 0, reason, -1);
        }
    }

    /** The model said {@code other} where its own scores name another class. */
    private static boolean abstained(ClipEmotion c) {
        Emotion top = EmotionEstimate.fromScores(scoreArray(c)).emotion();
        return c.estimate().emotion() == Emotion.OTHER && top != Emotion.OTHER;
    }

    private Smoother smoother(Consumer<EmotionTrackPoint> sink) {
        int half = (int) Math.round(settings.smoothingSeconds() / (2 * settings.hopSeconds()));
        return switch (settings.smoothing()) {
            case NONE -> new Smoother(sink, 0, 0);
            case CENTRED -> new Smoother(sink, half, 0);
            case EXPONENTIAL -> new Smoother(sink, 0, settings.smoothingSeconds() <= 0 ? 0
                    : Math.exp(-settings.hopSeconds() / settings.smoothingSeconds()));
        };
    }

    /**
     * Centred moving average over +-half windows (a ring of 2*half+1 windows), or an exponential average with
     * decay {@code keep} per hop; not-judged windows are skipped and reset the exponential state.
     */
    private static final class Smoother {
        private final Consumer<EmotionTrackPoint> sink;
        private final int half;
        private final double keep;
        private final ArrayDeque<Window> ring = new ArrayDeque<>();
        private float[] ema;
        private double emaFactor;
        private long emitted;
        private int pending;

        Smoother(Consumer<EmotionTrackPoint> sink, int half, double keep) {
            this.sink = sink;
            this.half = half;
            this.keep = keep;
        }

        void add(Window w) {
            if (keep > 0) {
                exponential(w);
                return;
            }
            ring.addLast(w);
            pending++;
            // the point `half` windows back now has its full right-hand neighbourhood
            if (pending > half) {
                emitCentre(ring.size() - 1 - half);
                pending--;
            }
            while (ring.size() > 2 * half + 1) {
                ring.removeFirst();
            }
        }

        void finish() {
            while (pending > 0) {
                emitCentre(ring.size() - pending);
                pending--;
            }
        }

        private void emitCentre(int centre) {
            Window[] w = ring.toArray(new Window[0]);
            Window c = w[centre];
            if (!c.ran()) {
                emit(c, c.scores(), 0, -1);
                return;
            }
            float[] sum = new float[CLASSES];
            double factor = 0;
            int used = 0;
            int abstained = 0;
            double otherConfidence = 0;
            for (int i = Math.max(0, centre - half); i <= Math.min(w.length - 1, centre + half); i++) {
                if (w[i].ran()) {
                    for (int k = 0; k < CLASSES; k++) {
                        sum[k] += w[i].scores()[k];
                    }
                    factor += w[i].factor();
                    used++;
                    if (w[i].otherConfidence() >= 0) {
                        abstained++;
                        otherConfidence += w[i].otherConfidence();
                    }
                }
            }
            for (int k = 0; k < CLASSES; k++) {
                sum[k] /= used;
            }
            // the model's abstentions survive smoothing: most windows around said 'other', so does the point
            emit(c, sum, factor / used, 2 * abstained > used ? otherConfidence / abstained : -1);
        }

        private void exponential(Window w) {
            if (!w.ran()) {
                ema = null;
                emit(w, w.scores(), 0, -1);
                return;
            }
            if (ema == null) {
                ema = w.scores().clone();
                emaFactor = w.factor();
            } else {
                for (int k = 0; k < CLASSES; k++) {
                    ema[k] = (float) (keep * ema[k] + (1 - keep) * w.scores()[k]);
                }
                emaFactor = keep * emaFactor + (1 - keep) * w.factor();
            }
            emit(w, ema, emaFactor, w.otherConfidence());
        }

        private void emit(Window w, float[] scores, double factor, double otherConfidence) {
            emitted++;
            double time = (w.start() + w.end()) / 2;
            if (!w.ran()) {
                float[] s = new float[CLASSES];
                sink.accept(new EmotionTrackPoint(time, w.start(), w.end(), false, EmotionEstimate.of(Emotion.UNKNOWN, 0, s),
                        w.reason()));
                return;
            }
            int best = 0;
            for (int k = 1; k < CLASSES; k++) {
                if (scores[k] > scores[best]) {
                    best = k;
                }
            }
            if (otherConfidence >= 0) {
                sink.accept(new EmotionTrackPoint(time, w.start(), w.end(), true,
                        EmotionEstimate.of(Emotion.OTHER, otherConfidence * factor, scores), w.reason()));
                return;
            }
            sink.accept(new EmotionTrackPoint(time, w.start(), w.end(), true,
                    EmotionEstimate.of(Emotion.values()[best], scores[best] * factor, scores), w.reason()));
        }
    }
}
