package io.emotrace;

/**
 * Base of every typed, user-facing error: carries a stable machine-readable code (e.g. {@code audio.empty}).
 * It lives in the lowest Java module (models) so every module can extend it.
 */
public class EmotraceException extends Exception {
    private final String code;

    public EmotraceException(String code, String message) {
        super(message);
        this.code = code;
    }

    public EmotraceException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable identifier for programs (HTTP error bodies, JSON outputs); the message is for people. */
    public String code() {
        return code;
    }

    /** The one printed form of a typed error, {@code [code] message}, shared by the CLI, outputs and logs. */
    public String describe() {
        return "[" + code + "] " + getMessage();
    }
}
