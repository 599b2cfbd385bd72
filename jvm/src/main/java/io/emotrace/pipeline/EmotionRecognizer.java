package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.domain.Segment;
import java.util.List;

/** Speech emotion recognition: one estimate per segment, in the same order. */
public interface EmotionRecognizer extends AutoCloseable {
    /** Code of the error {@link #track} throws when a recognizer has no sliding-window curve. */
    String NO_TRACK = "emotion.no_track";

    List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException;

    /**
     * The sliding-window emotion curve inside each segment, for the per-speaker timelines. A recognizer without
     * one throws {@link #NO_TRACK} (this default), and the run records the track as unavailable.
     */
    default EmotionTracks track(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        throw new EmotraceException(NO_TRACK, describe() + " offers no sliding-window track");
    }

    /**
     * True when {@link #recognize} may run on several threads at once (the instance keeps no per-call state and
     * its model is thread-safe): live streams then call it without waiting for the engine's lock, which an
     * offline analysis holds for its whole emotion stage.
     */
    default boolean concurrent() {
        return false;
    }

    String describe();

    @Override
    void close();
}
