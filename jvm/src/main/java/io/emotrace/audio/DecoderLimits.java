package io.emotrace.audio;

/**
 * Guards applied by {@link FfmpegAudioDecoder} before and while decoding.
 *
 * @param maxDurationSeconds longest accepted input; a longer declared duration fails at open, a longer decoded
 *                           stream (lying header) fails when it crosses the limit. Both give {@code TOO_LONG}.
 * @param maxFileBytes       largest accepted file size in bytes, or {@code 0} for no limit ({@code TOO_LONG})
 */
public record DecoderLimits(double maxDurationSeconds, long maxFileBytes) {
    /** Twelve hours: far above any meeting, far below what would exhaust disk for processed_audio.wav. */
    public static final double DEFAULT_MAX_DURATION_SECONDS = 12 * 3600.0;

    public static final DecoderLimits DEFAULT = new DecoderLimits(DEFAULT_MAX_DURATION_SECONDS, 0);

    public DecoderLimits {
        if (!(maxDurationSeconds > 0) || Double.isInfinite(maxDurationSeconds)) {
            throw new IllegalArgumentException("maxDurationSeconds must be finite and > 0: " + maxDurationSeconds);
        }
        if (maxFileBytes < 0) {
            throw new IllegalArgumentException("maxFileBytes must be >= 0 (0 = no limit): " + maxFileBytes);
        }
    }

    /** The duration limit as a count of 16 kHz output samples. */
    long maxOutputSamples() {
        return (long) Math.ceil(maxDurationSeconds * AudioStream.SAMPLE_RATE);
    }
}
