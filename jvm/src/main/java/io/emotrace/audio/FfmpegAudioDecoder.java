package io.emotrace.audio;

import java.nio.file.Path;

/**
 * Decodes WAV, FLAC, MP3, M4A/AAC, OGG/Vorbis, Opus and whatever else the bundled FFmpeg reads, at any rate and
 * channel count, to 16 kHz mono float32 via libswresample, streaming (see {@link FfmpegAudioStream}).
 * Stateless and thread-safe; each {@link #open} returns an independent stream.
 */
public final class FfmpegAudioDecoder implements AudioDecoder {
    private final DecoderLimits limits;

    /** Default limits: 12 hours, no file size limit. */
    public FfmpegAudioDecoder() {
        this(DecoderLimits.DEFAULT);
    }

    public FfmpegAudioDecoder(DecoderLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    public DecoderLimits limits() {
        return limits;
    }

    @Override
    public FfmpegAudioStream open(Path file) throws UnsupportedAudioException {
        return FfmpegAudioStream.open(file, limits);
    }
}
