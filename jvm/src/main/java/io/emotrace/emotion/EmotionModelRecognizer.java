package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.pipeline.EmotionEstimate;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.Segment;
import java.util.ArrayList;
import java.util.List;

/** The pipeline's per-segment emotion stage over any {@link EmotionModel}; owns the model. */
public final class EmotionModelRecognizer implements EmotionRecognizer {
    private static final int SEGMENTS_PER_READ = 32;
    private final EmotionModel model;

    public EmotionModelRecognizer(EmotionModel model) {
        this.model = model;
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
            int to = Math.min(segments.size(), from + SEGMENTS_PER_READ);
            List<float[]> clips = new ArrayList<>(to - from);
            for (Segment s : segments.subList(from, to)) {
                long a = Math.round(s.start() * audio.sampleRate());
                long e = Math.min(audio.length(), Math.round(s.end() * audio.sampleRate()));
                clips.add(audio.read(a, (int) Math.max(0, e - a)));
            }
            for (ClipEmotion r : model.analyse(clips, false)) {
                out.add(r.estimate());
            }
            progress.report("emotion", to / (double) segments.size(),
                    model.name() + ": " + to + "/" + segments.size() + " segments");
        }
        return out;
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
