package io.emotrace.web;

import io.emotrace.EmotraceException;

/**
 * An error for an API client: HTTP status plus a stable code; sent as {@code {"error":{"code","message"}}}.
 * Unchecked so it can fail a Vert.x Future or escape a route handler and still be answered properly.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public ApiException(int status, EmotraceException cause) {
        super(cause.getMessage(), cause);
        this.status = status;
        this.code = cause.code();
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }
}
