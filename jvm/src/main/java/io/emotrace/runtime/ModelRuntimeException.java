package io.emotrace.runtime;

import io.emotrace.EmotraceException;

/** A model could not be loaded or run (bad file, wrong inputs, native failure), with a stable code. */
public class ModelRuntimeException extends EmotraceException {
    public ModelRuntimeException(String code, String message) {
        super(code, message);
    }

    public ModelRuntimeException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
