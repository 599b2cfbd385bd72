package io.emotrace.audio;

/**
 * What the decoder learned about a source before conversion.
 *
 * @param container       demuxer name (e.g. {@code wav}, {@code flac}, {@code mp3})
 * @param codec           codec name (e.g. {@code pcm_s16le}, {@code mp3float})
 * @param sampleRate      source sample rate in Hz
 * @param channels        source channel count
 * @param durationSeconds declared duration, {@code Double.NaN} when the container does not say
 */
public record AudioInfo(String container, String codec, int sampleRate, int channels, double durationSeconds) {
}
