package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import java.util.List;

/** Speech emotion recognition: one estimate per segment, in the same order. */
public interface EmotionRecognizer extends AutoCloseable {
    List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException;

    String describe();

    @Override
    void close();
}
