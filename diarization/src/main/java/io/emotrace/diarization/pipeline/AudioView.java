package io.emotrace.diarization.pipeline;

import io.emotrace.audio.AudioSource;

/**
 * An {@link AudioSource} that reads another and changes each sample it hands out (a gain, a mirror image). The other
 * source stays whoever opened it to close.
 */
abstract class AudioView implements AudioSource {
    private final AudioSource inner;

    AudioView(AudioSource inner) {
        this.inner = inner;
    }

    @Override
    public final int sampleRate() {
        return inner.sampleRate();
    }

    @Override
    public final long length() {
        return inner.length();
    }

    @Override
    public final void read(long start, float[] dst, int off, int count) {
        inner.read(start, dst, off, count);
        change(start, dst, off, count);
    }

    /** Changes samples [start, start + count) of the recording, read into {@code dst} from {@code off}. */
    abstract void change(long start, float[] dst, int off, int count);

    /** Does not close the wrapped source: whoever opened it closes it. */
    @Override
    public final void close() {
    }
}
