package io.emotrace.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI 3 document of the HTTP API ({@code /api/openapi.json}); OpenApiRoutesTest keeps it matching. */
public final class OpenApi {
    public static final String RESOURCE = "/io/emotrace/web/openapi.json";
    private static final String DOCUMENT = load();

    private OpenApi() {
    }

    public static String document() {
        return DOCUMENT;
    }

    private static String load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
