package io.emotrace.rttm;

import io.emotrace.EmotraceException;

/**
 * An RTTM or UEM file that cannot be used: unreadable ({@code rttm.unreadable}) or a malformed line
 * ({@code rttm.malformed} / {@code uem.malformed}, with the 1-based line number).
 */
public final class RttmFormatException extends EmotraceException {
    private final String source;
    private final int line;

    public RttmFormatException(String code, String source, int line, String message) {
        super(code, source + (line > 0 ? ":" + line : "") + ": " + message);
        this.source = source;
        this.line = line;
    }

    public RttmFormatException(String code, String source, String message, Throwable cause) {
        super(code, source + ": " + message, cause);
        this.source = source;
        this.line = 0;
    }

    /** File name as given by the caller. */
    public String source() {
        return source;
    }

    /** 1-based line of the problem, 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
