package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.domain.Word;
import java.util.List;

/**
 * Speech to text while audio arrives (a live stream): fed 16 kHz mono samples in pieces of any size, it answers
 * the words that became final and the current partial hypothesis, each with times in seconds from the first
 * sample fed. One owner (the live session), not thread-safe, closed once; the model stays shared.
 */
public interface TranscriberStream extends AutoCloseable {
    /**
     * What one call changed: {@code finals} are words decided for good (never repeated later), {@code partial}
     * the whole current partial hypothesis after them, or null when it did not change.
     */
    record Update(List<Word> finals, List<Word> partial) {
        public static final Update NONE = new Update(List.of(), null);

        public Update {
            finals = List.copyOf(finals);
            partial = partial == null ? null : List.copyOf(partial);
        }
    }

    Update accept(float[] samples, int off, int n) throws EmotraceException;

    /** The end of the stream: the words still pending, final. */
    List<Word> finish() throws EmotraceException;

    @Override
    void close();
}
