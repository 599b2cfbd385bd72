package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.quality.QualityReport;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.track.SlidingWindowTracker;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.domain.Segment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline's per-segment emotion stage over any {@link EmotionModel}, and the sliding-window curve inside each
 * segment ({@link SlidingWindowTracker}, default settings) for the per-speaker timelines; owns the model. Segments
 * pass the {@link InputQualityGate} first: rejected ones (silence, noise, too short) are {@code unknown} with
 * confidence 0 without running the model, degraded ones (clipping, noisy, steady tone) keep their scores with a
 * lowered confidence.
 */
public final class EmotionModelRecognizer implements EmotionRecognizer {
    private static final int SEGMENTS_PER_READ = 32;
    private final EmotionModel model;
    private final InputQualityGate gate;
    private final SlidingWindowTracker.Settings trackSettings;

    public EmotionModelRecognizer(EmotionModel model) {
        this(model, SlidingWindowTracker.Settings.defaults());
    }

    public EmotionModelRecognizer(EmotionModel model, SlidingWindowTracker.Settings trackSettings) {
        this(model, InputQualityGate.standard(), trackSettings);
    }

    public EmotionModelRecognizer(EmotionModel model, InputQualityGate gate, SlidingWindowTracker.Settings trackSettings) {
        this.model = model;
        this.gate = gate;
        this.trackSettings = trackSettings;
    }

    public EmotionModel model() {
        return model;
    }

    @Override
    public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        if (audio.sampleRate() != 16_000) {
            throw new EmotraceException("emotion.sample-rate", model.name() + " needs 16 kHz audio, got "
                    + audio.sampleRate() + " Hz");
        }
        List<EmotionEstimate> out = new ArrayList<>(segments.size());
        // Segments are read a group at a time so hours of audio are never all in the heap at once.
        for (int from = 0; from < segments.size(); from += SEGMENTS_PER_READ) {
            progress.checkCancelled();
            int to = Math.min(segments.size(), from + SEGMENTS_PER_READ);
            List<float[]> clips = new ArrayList<>(to - from);
            for (Segment s : segments.subList(from, to)) {
                long a = Math.round(s.start() * audio.sampleRate());
                long e = Math.min(audio.length(), Math.round(s.end() * audio.sampleRate()));
                clips.add(audio.read(a, (int) Math.max(0, e - a)));
            }
            QualityReport[] q = new QualityReport[clips.size()];
            List<float[]> run = new ArrayList<>(clips.size());
            for (int i = 0; i < clips.size(); i++) {
                q[i] = gate.assess(clips.get(i));
                if (!q[i].rejected()) {
                    run.add(clips.get(i));
                }
            }
            List<ClipEmotion> results = run.isEmpty() ? List.of() : model.analyse(run, false);
            int k = 0;
            for (QualityReport r : q) {
                if (r.rejected()) {
                    out.add(unknown());
                    continue;
                }
                ClipEmotion c = results.get(k++);
                EmotionEstimate e = c.ran() ? c.estimate() : unknown();
                out.add(r.confidenceFactor() == 1.0 ? e
                        : new EmotionEstimate(e.emotion(), e.confidence() * r.confidenceFactor(), e.scores()));
            }
            progress.report("emotion", to / (double) segments.size(),
                    model.name() + ": " + to + "/" + segments.size() + " segments");
        }
        return out;
    }

    private static EmotionEstimate unknown() {
        Map<Emotion, Double> zeros = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            zeros.put(e, 0.0);
        }
        return new EmotionEstimate(Emotion.UNKNOWN, 0.0, zeros);
    }

    @Override
    public EmotionTracks track(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        SlidingWindowTracker tracker = new SlidingWindowTracker(model, gate, trackSettings);
        List<List<EmotionTrackPoint>> out = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            progress.checkCancelled();
            Segment s = segments.get(i);
            List<EmotionTrackPoint> points = new ArrayList<>();
            tracker.track(audio, s.start(), s.end(),
                    p -> points.add(new EmotionTrackPoint(p.time(), p.start(), p.end(), p.judged(), p.emotion())),
                    ProgressListener.NONE);
            out.add(points);
            progress.report(AnalysisPipeline.EMOTION_TRACK, (i + 1.0) / segments.size(),
                    model.name() + ": " + (i + 1) + "/" + segments.size() + " segments tracked");
        }
        SlidingWindowTracker.Settings t = trackSettings;
        return new EmotionTracks(String.format(Locale.ROOT, "%s: %.2f s windows every %.2f s, %s smoothing %.2f s",
                model.name(), t.windowSeconds(), t.hopSeconds(), t.smoothing().name().toLowerCase(Locale.ROOT),
                t.smoothingSeconds()), out);
    }

    @Override
    public String describe() {
        return model.describe();
    }

    @Override
    public void close() {
        model.close();
    }
}
