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
 * @param corpus   the corpus folder it comes from (batches balance corpora, evaluation reports per corpus)
 */
public record SpeakerClip(String speaker, String source, String emotion, float[] samples, float[] fbank, int frames,
        String corpus) {
    /** A clip whose corpus is its source's first path element (tests, single-corpus data). */
    public SpeakerClip(String speaker, String source, String emotion, float[] samples, float[] fbank, int frames) {
        this(speaker, source, emotion, samples, fbank, frames, source.contains("/") ? source.substring(0, source.indexOf('/')) : speaker);
    }

    public double seconds() {
        return samples.length / 16_000.0;
    }
}
