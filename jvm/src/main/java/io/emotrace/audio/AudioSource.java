package io.emotrace.audio;

/**
 * Random access to an already decoded 16 kHz mono signal (typically a file-backed
 * {@code processed_audio.wav}), so stages can read any window without holding hours of audio in the heap.
 */
public interface AudioSource extends AutoCloseable {
    int sampleRate();

    long length();

    /** Copies samples [start, start+count) into dst at off; samples past the end read as 0. */
    void read(long start, float[] dst, int off, int count);

    default double durationSeconds() {
        return length() / (double) sampleRate();
    }

    /** Convenience: a fresh array with samples [start, start+count). */
    default float[] read(long start, int count) {
        float[] out = new float[count];
        read(start, out, 0, count);
        return out;
    }

    @Override
    void close();
}
