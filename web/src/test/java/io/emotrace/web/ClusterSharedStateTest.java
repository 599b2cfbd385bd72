package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.cli.CliRun;
import io.emotrace.cli.Main;
import io.emotrace.output.FileTrees;
import io.emotrace.web.cluster.PostgresTestDb;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What cluster nodes share besides the job queue, on two node JVMs, one real PostgreSQL database and one
 * Hazelcast cluster: API tokens (a token created for the cluster works on every node, a revoked one on none),
 * rule versions (two PUTs on two nodes at once get two consecutive versions; the re-evaluation runs once and its
 * events reach WebSocket clients of both nodes; every node analyses with the new version), request budgets and
 * wrong-token budgets (spent on one node, refused on the other).
 *
 * <p>Each part uses its own API token, so its requests spend their own budget (the nodes run with a small one).
 */
class ClusterSharedStateTest {
    /** Requests per second and burst of the nodes: small enough to exhaust quickly, enough for polling. */
    private static final double RATE = 3;
    private static final int BURST = 30;
    /** Past the nodes' token reload period (RequestAuth.RELOAD_MS, 5 s). */
    private static final long RELOAD_WAIT_MS = 6000;

    /** A rule set flagging every segment, its rule named {@code flag}. */
    private static String rules(String flag) {
        return RulesApiTest.FLAG_EVERY_SEGMENT.replace("any-emotion", flag);
    }

    @Test
    void tokensRulesAndBudgetsAreTheClustersNotANodes() throws Exception {
        Path audio = SharedTestData.require("data/ravdess/Actor_03/03-01-01-01-01-01-03.flac");
        try (PostgresTestDb pg = PostgresTestDb.require()) {
            int hzBase;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                hzBase = Math.min(free.getLocalPort(), 65000);
            }
            Path data = Files.createTempDirectory("emotrace-cluster-shared");
            Path log = Files.createTempFile("emotrace-cluster-shared", ".log");
            System.err.println("cluster shared-state test: node logs in " + log);
            List<String> options = List.of("rate=" + RATE + ":" + BURST);
            CompletableFuture<ClusterNodesTest.Node> startA = ClusterNodesTest.Node.start(pg.url(), data, "node-a",
                    log, hzBase, pg.schema(), options);
            CompletableFuture<ClusterNodesTest.Node> startB = ClusterNodesTest.Node.start(pg.url(), data, "node-b",
                    log, hzBase, pg.schema(), options);
            ClusterNodesTest.Node a = startA.join();
            ClusterNodesTest.Node b = startB.join();
            try {
                // 1. tokens made with the CLI against the cluster's database: accepted by both nodes once they
                // reloaded (every 5 s; asking earlier would spend this address's wrong-token budget)
                String rulesToken = createToken(pg.url(), data, "rules");
                String rateToken = createToken(pg.url(), data, "rate");
                Thread.sleep(RELOAD_WAIT_MS);
                Http ra = new Http(a.url, rulesToken);
                Http rb = new Http(b.url, rulesToken);
                assertEquals(200, ra.get("/api/health").status());
                assertEquals(200, rb.get("/api/health").status());
                assertEquals(401, new Http(b.url, rulesToken + "x").get("/api/recordings").status(),
                        "a wrong token is still refused");

                // 2. rules: two analysed recordings, watched on both nodes
                String first = ra.upload(audio).json().path("id").asText();
                String second = rb.upload(audio).json().path("id").asText();
                assertEquals("done", awaitDone(rb, first).path("status").asText());
                assertEquals("done", awaitDone(ra, second).path("status").asText());
                Watch wa = Watch.open(a.url, rulesToken, first, second);
                Watch wb = Watch.open(b.url, rulesToken, first, second);
                wa.await(m -> m.path("type").asText().equals("subscribed"), 2, Duration.ofSeconds(20));
                wb.await(m -> m.path("type").asText().equals("subscribed"), 2, Duration.ofSeconds(20));

                // two PUTs on two nodes at the same moment: two consecutive versions, neither lost
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Http.Reply> putA = CompletableFuture.supplyAsync(() -> put(ra, together,
                        rules("flag-from-a")));
                CompletableFuture<Http.Reply> putB = CompletableFuture.supplyAsync(() -> put(rb, together,
                        rules("flag-from-b")));
                Http.Reply pa = putA.join();
                Http.Reply pb = putB.join();
                assertEquals(200, pa.status(), pa.body());
                assertEquals(200, pb.status(), pb.body());
                int va = pa.json().path("version").asInt();
                int vb = pb.json().path("version").asInt();
                assertEquals(Set.of(1, 2), Set.of(va, vb), "two distinct consecutive versions: " + va + ", " + vb);
                int last = Math.max(va, vb);
                String lastFlag = last == va ? "flag-from-a" : "flag-from-b";
                for (Http h : List.of(ra, rb)) {
                    assertEquals(2, h.get("/api/rules/versions").json().path("versions").size());
                    assertEquals(last, h.get("/api/rules").json().path("version").asInt(), "no node keeps a stale "
                            + "current version");
                }
                // every WebSocket client, on either node, hears of both versions
                for (Watch w : List.of(wa, wb)) {
                    List<JsonNode> pushed = w.await(m -> m.path("type").asText().equals("rules"), 2,
                            Duration.ofSeconds(20));
                    Set<Integer> versions = new TreeSet<>();
                    pushed.forEach(m -> versions.add(m.path("version").asInt()));
                    assertEquals(Set.of(1, 2), versions, w.node + ": " + pushed);
                }
                // the last version's re-evaluation ran once in the cluster: one 'flags' event per recording, the
                // same (seq included) on both nodes, and the stored flags are the last version's
                for (String id : List.of(first, second)) {
                    Predicate<JsonNode> lastFlags = m -> m.path("type").asText().equals("flags")
                            && m.path("recording").asText().equals(id) && m.path("rulesVersion").asInt() == last;
                    JsonNode onA = wa.await(lastFlags, 1, Duration.ofSeconds(60)).get(0);
                    JsonNode onB = wb.await(lastFlags, 1, Duration.ofSeconds(60)).get(0);
                    assertEquals(onA, onB, "the same event on both nodes");
                    JsonNode stored = rb.get("/api/recordings/" + id + "/flags").json();
                    assertEquals(last, stored.path("rulesVersion").asInt(), stored.toString());
                    assertTrue(stored.path("flags").size() > 0, stored.toString());
                    stored.path("flags").forEach(f -> assertEquals(lastFlag, f.path("rule").asText(), f.toString()));
                }
                Thread.sleep(2000); // a second pass (a node re-evaluating too) would have announced itself by now
                for (Watch w : List.of(wa, wb)) {
                    for (String id : List.of(first, second)) {
                        long n = w.all().stream().filter(m -> m.path("type").asText().equals("flags")
                                && m.path("recording").asText().equals(id)
                                && m.path("rulesVersion").asInt() == last).count();
                        assertEquals(1, n, w.node + ": re-evaluated once with v" + last + ": " + id);
                    }
                }
                wa.close();
                wb.close();
                // the next analysis, on either node, uses the new version
                for (Http h : List.of(ra, rb)) {
                    String id = h.upload(audio).json().path("id").asText();
                    assertEquals("done", awaitDone(h, id).path("status").asText());
                    JsonNode flags = h.get("/api/recordings/" + id + "/flags").json();
                    assertEquals(last, flags.path("rulesVersion").asInt(), flags.toString());
                }

                // 3. request budget: one token's requests alternate between the nodes as fast as they go; the
                // two nodes together grant one burst (plus what refills meanwhile), not one burst each
                Http ta = new Http(a.url, rateToken);
                Http tb = new Http(b.url, rateToken);
                int granted = 0;
                int refusedOnB = 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < 2 * BURST + 20; i++) {
                    Http.Reply r = (i % 2 == 0 ? ta : tb).get("/api/health");
                    if (r.status() == 200) {
                        granted++;
                    } else {
                        assertEquals(429, r.status(), r.body());
                        assertEquals("rate_limited", r.errorCode());
                        refusedOnB += i % 2;
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.err.printf("cluster shared-state test: %d requests granted over both nodes in %.1f s "
                        + "(burst %d, %.0f/s)%n", granted, seconds, BURST, RATE);
                assertTrue(granted <= BURST + Math.ceil(RATE * seconds) + 1, "one budget for both nodes: "
                        + granted + " granted");
                assertTrue(refusedOnB > 0, "node B refused what node A had spent");
                assertEquals(200, new Http(b.url, rulesToken).get("/api/health").status(),
                        "another principal keeps its own budget");

                // 4. revoked on the database: refused by both nodes within the token reload period
                try (io.emotrace.web.db.Database db = io.emotrace.web.db.Database.open(pg.url(), null, null, data)) {
                    io.emotrace.web.auth.ApiTokens tokens = new io.emotrace.web.auth.ApiTokens(db);
                    assertTrue(tokens.revoke(tokens.verify(rateToken).orElseThrow()));
                }
                Thread.sleep(RELOAD_WAIT_MS);
                assertEquals(401, new Http(a.url, rateToken).get("/api/health").status());
                assertEquals(401, new Http(b.url, rateToken).get("/api/health").status());

                // 5. wrong tokens from one address: the failure budget spent on A is spent on B too (last: it
                // also holds back good tokens from this address for a while)
                int wrongOnA = 0;
                while (true) {
                    Http.Reply r = new Http(a.url, "et_wrong" + wrongOnA).get("/api/health");
                    if (r.status() == 429) {
                        assertEquals("auth.too_many_failures", r.errorCode());
                        break;
                    }
                    assertEquals(401, r.status(), r.body());
                    assertTrue(++wrongOnA <= 10, "the failure burst (10) ran out on A");
                }
                Http.Reply onB = new Http(b.url, "et_wrong-on-b").get("/api/health");
                assertEquals(429, onB.status(), "B refuses before checking: the address spent its budget on A; "
                        + onB.body());
                assertEquals("auth.too_many_failures", onB.errorCode());
            } finally {
                a.close();
                b.close();
                FileTrees.delete(data);
            }
        }
    }

    private static String createToken(String jdbcUrl, Path data, String name) {
        CliRun r = CliRun.of(Main.commandLine(), "serve", "--cluster", "--db", jdbcUrl, "--data", data.toString(),
                "--create-token", name);
        assertEquals(0, r.code(), r.err());
        return r.out().trim();
    }

    /** Waits for a recording's analysis, polling below the nodes' request rate. */
    private static JsonNode awaitDone(Http h, String id) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            JsonNode r = h.get("/api/recordings/" + id).json();
            String s = r.path("status").asText();
            if (s.equals("done") || s.equals("failed")) {
                return r;
            }
            Thread.sleep(700);
        }
        throw new AssertionError("recording " + id + " not finished in 120 s");
    }

    private static Http.Reply put(Http h, CyclicBarrier together, String doc) {
        try {
            together.await(10, TimeUnit.SECONDS);
            return h.put("/api/rules", doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One WebSocket connection to a node, subscribed to some recordings; keeps every message it receives. */
    static final class Watch implements WebSocket.Listener, AutoCloseable {
        final String node;
        private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        private Watch(String node) {
            this.node = node;
        }

        static Watch open(String baseUrl, String token, String... recordings) throws Exception {
            Watch w = new Watch(baseUrl);
            w.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/ws"), w).get(20, TimeUnit.SECONDS);
            int n = 0;
            for (String r : recordings) {
                w.socket.sendText("{\"type\":\"subscribe\",\"id\":" + (++n) + ",\"recording\":\"" + r
                        + "\",\"since\":0}", true).join();
            }
            return w;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Http.JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        List<JsonNode> all() {
            return new ArrayList<>(messages);
        }

        /** The first {@code n} messages matching {@code what}, waiting up to {@code timeout} for them. */
        List<JsonNode> await(Predicate<JsonNode> what, int n, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<JsonNode> found = messages.stream().filter(what).limit(n).toList();
                if (found.size() == n) {
                    return found;
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError(node + ": " + found.size() + " of " + n + " expected messages within "
                            + timeout + "; received " + messages);
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
