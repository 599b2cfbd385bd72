package io.emotrace.audio;

/**
 * A pull stream of 16 kHz mono float32 samples in [-1, 1]; the source is decoded chunk by chunk, never
 * held whole. Not thread-safe; close it to free the native decoder.
 */
public interface AudioStream extends AutoCloseable {
    int SAMPLE_RATE = 16_000;

    AudioInfo info();

    /** Reads up to {@code len} samples; returns the count read, or -1 at the end of the stream. */
    int read(float[] dst, int off, int len) throws UnsupportedAudioException;

    /** Samples delivered so far. */
    long position();

    /** What went wrong but did not stop decoding (damaged or missing data, skipped packets); empty when nothing. */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    @Override
    void close();
}
