package io.emotrace.models;

import io.emotrace.EmotraceException;

/**
 * A model that cannot be resolved or fetched, with a stable code ({@code model.unknown}, {@code model.missing},
 * {@code model.corrupt}, {@code model.offline}, {@code model.tool-missing}, {@code model.fetch}) and a message that says
 * how to fix it.
 */
public class ModelException extends EmotraceException {
    public ModelException(String code, String message) {
        super(code, message);
    }

    public ModelException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
