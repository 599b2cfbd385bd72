package io.emotrace.asr;

import io.emotrace.EmotraceException;

/**
 * A speech-recognition failure with a stable code: {@code asr.model_missing}, {@code asr.model_invalid},
 * {@code asr.model_load_failed}, {@code asr.native_unavailable}, {@code asr.unpack_failed}, {@code asr.failed}.
 */
public final class AsrException extends EmotraceException {
    public AsrException(String code, String message) {
        super(code, message);
    }

    public AsrException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
