package io.emotrace.diarization.embedding.train;

/**
 * One single-speaker stretch of speech kept in memory for training or evaluation: the trimmed samples (16 kHz,
 * internal pauses removed) and their raw log-mel fbank, computed once.
 *
 * @param speaker  speaker id ({@code ami-} prefix for AMI)
 * @param source   where it comes from (data-root relative path, with a time range for AMI stretches)
 * @param emotion  emotion label, or null
 * @param samples  speech samples in [-1, 1]
 * @param fbank    raw log-mel fbank [frames][bins] of {@code samples}
 * @param frames   fbank frame count
 */
public record SpeakerClip(String speaker, String source, String emotion, float[] samples, float[] fbank, int frames) {
    public double seconds() {
        return samples.length / 16_000.0;
    }
}
