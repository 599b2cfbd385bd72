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

    /** A streaming recognizer for one live stream over the shared model; {@code asr.no_stream} when none. */
    default TranscriberStream openStream() throws EmotraceException {
        throw new EmotraceException("asr.no_stream", describe() + " cannot transcribe a live stream");
    }

    String describe();

    @Override
    void close();
}
