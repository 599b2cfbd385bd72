package io.emotrace.corpus;

import io.emotrace.EmotraceException;

/** A labelled corpus could not be read: missing folder or labels.csv, bad columns, unreadable file. */
public final class CorpusException extends EmotraceException {
    public CorpusException(String code, String message) {
        super(code, message);
    }

    public CorpusException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
