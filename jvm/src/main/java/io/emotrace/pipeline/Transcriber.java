package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Segment;
import io.emotrace.domain.Transcript;
import java.util.List;

/** Speech to text: one transcript per segment, in the same order, with word times. */
public interface Transcriber extends AutoCloseable {
    List<Transcript> transcribe(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException;

    String describe();

    @Override
    void close();
}
