package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.output.FileTrees;
import io.emotrace.web.auth.ApiTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Off loopback every request needs a bearer token; tokens are stored hashed; each token is rate limited. */
class TokenAuthTest {
    @Test
    void tokenRequiredWhenNotBoundToLoopback() throws Exception {
        Path data = Files.createTempDirectory("emotrace-auth-test");
        ServiceConfig cfg = ServiceConfig.defaults().host("0.0.0.0").port(0).dataDir(data).rateLimit(1, 5);
        assertTrue(cfg.tokensRequired());
        try (EmotraceServer server = EmotraceServer.start(cfg, ServiceComponents.Stages.fromClasspath(), List.of())) {
            String base = "http://127.0.0.1:" + server.port();
            Http anonymous = new Http(base);
            Http.Reply r = anonymous.get("/api/recordings");
            assertEquals(401, r.status(), r.body());
            assertEquals("unauthorized", r.errorCode());
            assertEquals(401, anonymous.postRaw("/api/recordings?name=a.wav", new byte[10]).status());
            assertEquals(401, new Http(base, "et_not-a-real-token").get("/api/recordings").status());
            assertEquals(401, new Http(base, "garbage").get("/api/rules").status());

            ApiTokens.Created token = new ApiTokens(server.components().db()).create("test");
            Http authed = new Http(base, token.token());
            assertEquals(200, authed.get("/api/recordings").status());
            assertEquals(200, anonymous.get("/api/openapi.json").status(), "the API description is public");

            // only the hash is stored
            String stored = server.components().db().tx(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT sha256 FROM api_tokens")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertFalse(stored.contains(token.token()));
            assertEquals(64, stored.length());

            // burst of 5 at 1/s: the 4 left after the request above pass, then 429
            int ok = 0;
            int limited = 0;
            for (int i = 0; i < 8; i++) {
                int s = authed.get("/api/recordings").status();
                ok += s == 200 ? 1 : 0;
                limited += s == 429 ? 1 : 0;
            }
            assertTrue(ok >= 4 && ok <= 5, "ok=" + ok);
            assertTrue(limited >= 3, "limited=" + limited);

            new ApiTokens(server.components().db()).revoke(token.id());
            server.components().auth().invalidate();
            assertEquals(401, authed.get("/api/recordings").status());
        } finally {
            FileTrees.delete(data);
        }
    }

    @Test
    void loopbackNeedsNoTokenButChecksOneWhenGiven() throws Exception {
        Path data = Files.createTempDirectory("emotrace-auth-test");
        ServiceConfig cfg = ServiceConfig.defaults().port(0).dataDir(data);
        assertFalse(cfg.tokensRequired());
        try (EmotraceServer server = EmotraceServer.start(cfg, ServiceComponents.Stages.fromClasspath(), List.of())) {
            assertEquals(200, new Http(server.baseUrl()).get("/api/recordings").status());
            assertEquals(401, new Http(server.baseUrl(), "et_wrong").get("/api/recordings").status());
        } finally {
            FileTrees.delete(data);
        }
    }
}
