package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.web.api.OpenApi;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists exactly the /api routes the running router serves (same paths, same methods). */
class OpenApiRoutesTest {
    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void documentMatchesTheRouter() throws Exception {
        try (TestService service = TestService.start("emotrace-openapi-test")) {
            Set<String> routed = new TreeSet<>();
            for (Route r : service.server().router().getRoutes()) {
                String path = r.getPath();
                if (path == null || !path.startsWith("/api/") || path.endsWith("*") || r.methods() == null
                        || r.methods().isEmpty()) {
                    continue; // catch-alls (auth, 404) are not endpoints
                }
                for (HttpMethod m : r.methods()) {
                    routed.add(m.name().toLowerCase(Locale.ROOT) + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
                }
            }
            Set<String> documented = new TreeSet<>();
            JsonNode paths = Http.JSON.readTree(OpenApi.document()).path("paths");
            for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
                String p = it.next();
                for (Iterator<String> ops = paths.path(p).fieldNames(); ops.hasNext(); ) {
                    String op = ops.next();
                    if (VERBS.contains(op)) {
                        documented.add(op + " " + p);
                    }
                }
            }
            assertTrue(routed.size() >= 15, "found the API routes: " + routed);
            assertEquals(documented, routed);
        }
    }
}
