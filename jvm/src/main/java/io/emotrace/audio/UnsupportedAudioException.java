package io.emotrace.audio;

import io.emotrace.EmotraceException;

/** Input that cannot be turned into 16 kHz mono samples, with the reason as a typed value. */
public class UnsupportedAudioException extends EmotraceException {
    public enum Reason { EMPTY, TRUNCATED, NOT_AUDIO, NO_AUDIO_STREAM, UNSUPPORTED_CODEC, TOO_LONG, UNREADABLE }

    private final Reason reason;

    public UnsupportedAudioException(Reason reason, String message) {
        super("audio." + reason.name().toLowerCase(java.util.Locale.ROOT), message);
        this.reason = reason;
    }

    public UnsupportedAudioException(Reason reason, String message, Throwable cause) {
        super("audio." + reason.name().toLowerCase(java.util.Locale.ROOT), message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
