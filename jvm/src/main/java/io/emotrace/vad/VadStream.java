package io.emotrace.vad;

/**
 * A live stream's own voice-activity state over a shared model: feed 16 kHz samples in pieces of any size, get
 * one speech probability per 32 ms chunk ({@link SileroVad#CHUNK} samples) as soon as the chunk is complete.
 * One owner (the live session), not thread-safe, closed once.
 */
public interface VadStream extends AutoCloseable {
    /** Samples per probability. */
    int chunkSamples();

    /** Feeds samples; calls {@code sink} for every chunk completed by them (indices count from 0). */
    void accept(float[] samples, int off, int n, SileroVad.ProbabilitySink sink);

    @Override
    void close();
}
