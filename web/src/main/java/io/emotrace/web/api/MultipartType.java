package io.emotrace.web.api;

import io.emotrace.web.ApiException;
import java.util.Locale;

/**
 * Checks a {@code multipart/form-data} Content-Type before any decoder sees it: a boundary must be there and be
 * what RFC 2046 allows (1..70 of its characters), else the request is a typed 400 instead of a decoder crash.
 */
final class MultipartType {
    private static final String BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

    private MultipartType() {
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Throws 400 {@code upload.bad_multipart} unless the type carries a usable boundary. */
    static void requireBoundary(String contentType) {
        String boundary = null;
        for (String param : contentType.split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                boundary = param.substring(eq + 1).trim();
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
                    boundary = boundary.substring(1, boundary.length() - 1);
                }
            }
        }
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")
                || !boundary.chars().allMatch(ch -> BCHARS.indexOf(ch) >= 0)) {
            throw ApiException.badRequest("upload.bad_multipart", "multipart/form-data needs a boundary parameter "
                    + "of 1 to 70 characters allowed by RFC 2046");
        }
    }
}
