package io.emotrace.audio;

/** An {@link AudioSource} over samples already in memory (tests, short clips). */
public final class ArrayAudioSource implements AudioSource {
    private final float[] samples;
    private final int sampleRate;

    public ArrayAudioSource(float[] samples, int sampleRate) {
        this.samples = samples;
        this.sampleRate = sampleRate;
    }

    public ArrayAudioSource(float[] samples) {
        this(samples, AudioStream.SAMPLE_RATE);
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public long length() {
        return samples.length;
    }

    @Override
    public void read(long start, float[] dst, int off, int count) {
        java.util.Arrays.fill(dst, off, off + count, 0f);
        long from = Math.max(0, start);
        long to = Math.min(samples.length, start + count);
        if (to > from) {
            System.arraycopy(samples, (int) from, dst, off + (int) (from - start), (int) (to - from));
        }
    }

    @Override
    public void close() {
    }
}
