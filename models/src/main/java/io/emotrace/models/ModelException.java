package io.emotrace.models;

/**
 * A model that cannot be resolved or fetched, with a stable code ({@code model.unknown}, {@code model.missing},
 * {@code model.corrupt}, {@code model.offline}, {@code model.tool-missing}, {@code model.fetch}) and a message that says
 * how to fix it. (The models module sits below jvm, so it cannot extend EmotraceException; jvm wraps it.)
 */
public class ModelException extends Exception {
    private final String code;

    public ModelException(String code, String message) {
        super(message);
        this.code = code;
    }

    public ModelException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
