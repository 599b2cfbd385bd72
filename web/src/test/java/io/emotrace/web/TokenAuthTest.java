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
        try (EmotraceServer server = EmotraceServer.start(cfg, ServiceStages.light(), List.of())) {
            String base = "http://127.0.0.1:" + server.port();
            Http anonymous = new Http(base);
            Http.Reply r = anonymous.get("/api/recordings");
            assertEquals(401, r.status(), r.body());
            assertEquals("unauthorized", r.errorCode());
            assertEquals(401, anonymous.postRaw("/api/recordings?name=a.wav", new byte[10]).status());
            assertEquals(401, new Http(base, "et_not-a-real-token").get("/api/recordings").status());
            assertEquals(401, new Http(base, "garbage").get("/api/rules").status());

            ApiTokens.Created token = new ApiTokens(server.components().db()).create("test");
            server.components().auth().reload(); // the service checks tokens in memory; it reloads every 5 s
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
            server.components().auth().reload();
            assertEquals(401, authed.get("/api/recordings").status());
        } finally {
            FileTrees.delete(data);
        }
    }

    @Test
    void wrongTokensAreLimitedPerAddressAndCheckedWithoutTheDatabase() throws Exception {
        Path data = Files.createTempDirectory("emotrace-auth-test");
        ServiceConfig cfg = ServiceConfig.defaults().host("0.0.0.0").port(0).dataDir(data).authFailures(6, 5);
        try (EmotraceServer server = EmotraceServer.start(cfg, ServiceStages.light(), List.of())) {
            String base = "http://127.0.0.1:" + server.port();
            // hold the single database connection: a token check that needed it would wait
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try {
                    server.components().db().tx(c -> {
                        held.countDown();
                        try {
                            Thread.sleep(3000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            holder.start();
            held.await();
            long t0 = System.nanoTime();
            int unauthorized = 0;
            int locked = 0;
            for (int i = 0; i < 30; i++) {
                Http.Reply r = new Http(base, "et_guess" + i).get("/api/health");
                unauthorized += r.status() == 401 ? 1 : 0;
                if (r.status() == 429) {
                    locked++;
                    assertEquals("auth.too_many_failures", r.errorCode());
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            holder.join();
            assertEquals(5, unauthorized, "the burst of failures");
            assertEquals(25, locked, "then refused before any check");
            assertTrue(ms < 2000, "30 wrong tokens answered in " + ms + " ms while the database was busy");
        } finally {
            FileTrees.delete(data);
        }
    }

    @Test
    void aTokenInTheUrlIsRefusedOnHttpEndpoints() throws Exception {
        Path data = Files.createTempDirectory("emotrace-auth-test");
        ServiceConfig cfg = ServiceConfig.defaults().host("0.0.0.0").port(0).dataDir(data);
        try (EmotraceServer server = EmotraceServer.start(cfg, ServiceStages.light(), List.of())) {
            ApiTokens.Created token = new ApiTokens(server.components().db()).create("url");
            server.components().auth().reload();
            String base = "http://127.0.0.1:" + server.port();
            Http.Reply inUrl = new Http(base).get("/api/recordings?access_token=" + token.token());
            assertEquals(400, inUrl.status(), inUrl.body());
            assertEquals("auth.token_in_url", inUrl.errorCode());
            assertEquals(200, new Http(base, token.token()).get("/api/recordings").status());
        } finally {
            FileTrees.delete(data);
        }
    }

    @Test
    void loopbackIsAllOf127Slash8AndColonColon1AsTheReadmeSays() {
        for (String host : List.of("127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "localhost")) {
            assertFalse(ServiceConfig.defaults().host(host).tokensRequired(), host);
        }
        for (String host : List.of("0.0.0.0", "::", "10.0.0.1", "192.168.1.1", "128.0.0.1")) {
            assertTrue(ServiceConfig.defaults().host(host).tokensRequired(), host);
        }
        assertTrue(ServiceConfig.defaults().requireTokens(true).tokensRequired());
    }

    @Test
    void loopbackNeedsNoTokenButChecksOneWhenGiven() throws Exception {
        Path data = Files.createTempDirectory("emotrace-auth-test");
        ServiceConfig cfg = ServiceConfig.defaults().port(0).dataDir(data);
        assertFalse(cfg.tokensRequired());
        try (EmotraceServer server = EmotraceServer.start(cfg, ServiceStages.light(), List.of())) {
            assertEquals(200, new Http(server.baseUrl()).get("/api/recordings").status());
            assertEquals(401, new Http(server.baseUrl(), "et_wrong").get("/api/recordings").status());
        } finally {
            FileTrees.delete(data);
        }
    }
}
