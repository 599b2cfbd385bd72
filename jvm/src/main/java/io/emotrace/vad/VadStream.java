package io.emotrace.vad;

/**
 * A live stream's own voice-activity state over a shared model: feed 16 kHz samples in pieces of any size, get
 * one speech probability per 32 ms chunk ({@link SileroVad#CHUNK} samples) as soon as the chunk is complete.
 * One owner (the live session), not thread-safe, closed once.
 */
public interface VadStream extends AutoCloseable {
    /** Samples per probability. */
    int chunkSamples();

    /**
     * Feeds samples; calls {@code sink} for every chunk completed by them (indices count from 0). A stream over a
     * model that can no longer run (its engine closed at shutdown) throws {@link Failure} with the typed error.
     */
    void accept(float[] samples, int off, int n, SileroVad.ProbabilitySink sink);

    /** A typed error from {@link #accept} (which cannot throw checked ones); {@link #error()} is the cause. */
    final class Failure extends RuntimeException {
        public Failure(io.emotrace.EmotraceException cause) {
            super(cause.getMessage(), cause);
        }

        public io.emotrace.EmotraceException error() {
            return (io.emotrace.EmotraceException) getCause();
        }
    }

    @Override
    void close();
}
