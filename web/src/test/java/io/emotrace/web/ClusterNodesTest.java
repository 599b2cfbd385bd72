package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.output.FileTrees;
import io.emotrace.web.cluster.PostgresTestDb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three cluster nodes in separate JVMs on loopback, one real PostgreSQL database and one shared data directory
 * (the light test stages: no models). 30 uploads spread over the nodes all finish, each uploaded on one node,
 * awaited on another and downloaded from the third; a SIGKILL of the node running a job gets that job finished on
 * another node within 60 s with no upload lost; a rolling restart of every node loses nothing.
 */
class ClusterNodesTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    /** A node JVM ({@code ClusterNodeMain}) with this test's classpath; output to a log file. */
    static final class Node implements AutoCloseable {
        final String id;
        final Process process;
        final String url;
        final Http http;

        private Node(String id, Process process, String url) {
            this.id = id;
            this.process = process;
            this.url = url;
            this.http = new Http(url);
        }

        static CompletableFuture<Node> start(String jdbcUrl, Path data, String id, Path log, int hzPort,
                                             String clusterName) {
            return start(jdbcUrl, data, id, log, hzPort, clusterName, List.of());
        }

        /** {@code options}: ClusterNodeMain's optional settings ({@code rate=PER_SECOND:BURST}). */
        static CompletableFuture<Node> start(String jdbcUrl, Path data, String id, Path log, int hzPort,
                                             String clusterName, List<String> options) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    List<String> cmd = new ArrayList<>(List.of(
                            ProcessHandle.current().info().command().orElse("java"),
                            // what Hazelcast asks for on Java 9+ (else it warns and uses slower paths)
                            "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                            "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                            "-cp", System.getProperty("java.class.path"),
                            "io.emotrace.web.cluster.ClusterNodeMain", jdbcUrl, data.toString(), id,
                            Integer.toString(hzPort), members(hzPort), clusterName));
                    cmd.addAll(options);
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    CompletableFuture<String> url = new CompletableFuture<>();
                    Thread pump = new Thread(() -> copy(p, log, id, url), "node-output-" + id);
                    pump.setDaemon(true);
                    pump.start();
                    try {
                        return new Node(id, p, url.get(90, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        p.destroyForcibly();
                        throw new IllegalStateException("node " + id + " did not start (log " + log + ")", e);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        /** Hazelcast's TCP/IP members: ten loopback ports from {@code base} (explicit; no port ranges there). */
        private static String members(int base) {
            List<String> m = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                m.add("127.0.0.1:" + (base + i));
            }
            return String.join(",", m);
        }

        private static void copy(Process p, Path log, String id, CompletableFuture<String> url) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println("[" + id + "] " + line);
                    out.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IOException("node " + id + " exited"));
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM: the node hands its running jobs back and exits. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Hazelcast ports base..base+9 on loopback (a node takes the next free one), the cluster's name. */
    private int hzBase;
    private String clusterName;

    private List<Node> startAll(String url, Path data, Path log, String... ids) {
        List<CompletableFuture<Node>> starting = new ArrayList<>();
        for (String id : ids) {
            // together: the migrations must still run once
            starting.add(Node.start(url, data, id, log, hzBase, clusterName));
        }
        return new ArrayList<>(starting.stream().map(CompletableFuture::join).toList());
    }

    private static void delay(Path data, long ms) throws IOException {
        Files.writeString(data.resolve(".test-vad-delay-ms"), Long.toString(ms));
    }

    private static String upload(Node n, Path audio) throws Exception {
        // a fresh connection per POST: on the loaded 2-core machine a kept-alive one can reach the service's idle
        // timeout (10 s) just as it is reused, and the JDK client does not retry a POST
        Http.Reply up = new Http(n.url).upload(audio);
        assertEquals(202, up.status(), n.id + ": " + up.body());
        return up.json().path("id").asText();
    }

    @Test
    void uploadsSpreadOverThreeNodesFinishAndSurviveAKilledNodeAndARollingRestart() throws Exception {
        Path audio = SharedTestData.require("data/ravdess/Actor_03/03-01-01-01-01-01-03.flac");
        try (PostgresTestDb pg = PostgresTestDb.require()) {
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                hzBase = Math.min(free.getLocalPort(), 65000);
            }
            clusterName = pg.schema();
            Path data = Files.createTempDirectory("emotrace-cluster-test");
            Path log = Files.createTempFile("emotrace-cluster-test", ".log");
            System.err.println("cluster test: node logs in " + log);
            List<Node> nodes = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(pg.url())) {
                long t0 = System.nanoTime();
                nodes.addAll(startAll(pg.url(), data, log, "node-a", "node-b", "node-c"));
                System.err.printf("cluster test: 3 nodes up in %.1f s%n", (System.nanoTime() - t0) / 1e9);

                // 1. 30 uploads over 3 nodes: uploaded on one, awaited on the next, downloaded from the third
                delay(data, 150);
                t0 = System.nanoTime();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    ids.add(upload(nodes.get(i % 3), audio));
                }
                for (int i = 0; i < ids.size(); i++) {
                    JsonNode done = nodes.get((i + 1) % 3).http.awaitFinished(ids.get(i), Duration.ofSeconds(90));
                    assertEquals("done", done.path("status").asText(), done.toString());
                }
                System.err.printf("cluster test: 30 jobs on 3 nodes in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                Map<String, Integer> perNode = countBy(db, "SELECT lease_owner, COUNT(*) FROM jobs GROUP BY lease_owner");
                System.err.println("cluster test: jobs per node " + perNode);
                assertTrue(perNode.size() >= 2, "the jobs spread over the nodes: " + perNode);
                assertEquals(Map.of("1", 30), countBy(db, "SELECT CAST(attempts AS TEXT), COUNT(*) FROM jobs "
                        + "GROUP BY attempts"), "every job ran exactly once");
                byte[] fromC = nodes.get(2).http.getBytes("/api/recordings/" + ids.get(0) + "/result.json");
                byte[] fromB = nodes.get(1).http.getBytes("/api/recordings/" + ids.get(0) + "/result.json");
                assertArrayEquals(fromB, fromC, "any node serves any node's result");

                // 1b. DELETE through a node that does not run the job: the runner stops and no file is left
                delay(data, 3000);
                String deleted = upload(nodes.get(0), audio);
                String holder = awaitHolder(db, deleted);
                Node other = nodes.stream().filter(n -> !n.id.equals(holder)).findFirst().orElseThrow();
                assertEquals(204, other.http.delete("/api/recordings/" + deleted).status());
                Path outs = data.resolve("outputs").resolve(deleted);
                Path ups = data.resolve("uploads").resolve(deleted);
                long gone = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while ((Files.exists(outs) || Files.exists(ups)) && System.nanoTime() < gone) {
                    Thread.sleep(100);
                }
                assertTrue(!Files.exists(outs) && !Files.exists(ups), "the deleted recording left no files");
                for (Node n : nodes) {
                    assertEquals(404, n.http.get("/api/recordings/" + deleted).status(), n.id);
                }

                // 2. SIGKILL of the node running a job: another node finishes it within 60 s
                delay(data, 4000);
                List<String> slow = new ArrayList<>();
                List<Map<String, Events>> watching = new ArrayList<>(); // per node: recording -> its events there
                for (int i = 0; i < 3; i++) {
                    watching.add(new HashMap<>());
                }
                for (int i = 0; i < 3; i++) {
                    String id = upload(nodes.get(i), audio);
                    slow.add(id);
                    for (int k = 0; k < 3; k++) {
                        watching.get(k).put(id, Events.subscribe(nodes.get(k).url, id));
                    }
                }
                String victimRec = null;
                String victimNode = null;
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (victimNode == null && System.nanoTime() < end) {
                    try (PreparedStatement p = db.prepareStatement("SELECT recording_id, lease_owner FROM jobs "
                            + "WHERE status = 'running' AND lease_owner IS NOT NULL ORDER BY started_at LIMIT 1")) {
                        try (ResultSet r = p.executeQuery()) {
                            if (r.next()) {
                                victimRec = r.getString(1);
                                victimNode = r.getString(2);
                            }
                        }
                    }
                    Thread.sleep(20);
                }
                assertTrue(victimNode != null, "a slow job started");
                String vn = victimNode;
                Node victim = nodes.stream().filter(n -> n.id.equals(vn)).findFirst().orElseThrow();
                int victimIndex = nodes.indexOf(victim);
                List<String> nodesAtKill = nodes.stream().map(n -> n.id).toList();
                victim.kill9();
                long killed = System.nanoTime();
                delay(data, 150);
                nodes.remove(victim);
                System.err.println("cluster test: SIGKILL " + victim.id + " while it ran " + victimRec);
                JsonNode rerun = nodes.get(0).http.awaitFinished(victimRec, Duration.ofSeconds(60));
                double failover = (System.nanoTime() - killed) / 1e9;
                System.err.printf("cluster test: the killed node's job finished elsewhere %.1f s after the kill%n",
                        failover);
                assertEquals("done", rerun.path("status").asText(), rerun.toString());
                assertTrue(failover < 60, "finished within 60 s of the kill: " + failover);
                for (String id : slow) {
                    JsonNode d = nodes.get(1).http.awaitFinished(id, Duration.ofSeconds(60));
                    assertEquals("done", d.path("status").asText(), d.toString());
                }
                String owner = leaseOwner(db, victimRec);
                assertTrue(owner != null && !owner.equals(victim.id), "rerun by a surviving node: " + owner);
                assertEquals(2, attempts(db, victimRec), "started once on the killed node, once on the survivor");
                // subscribers on the surviving nodes saw every event of every job, the rerun's included, numbered
                // alike on both, in order, ending with 'done'
                List<Map<String, Events>> surviving = new ArrayList<>(watching);
                surviving.remove(victimIndex);
                for (String id : slow) {
                    List<JsonNode> first = surviving.get(0).get(id).awaitDone(Duration.ofSeconds(30));
                    List<JsonNode> second = surviving.get(1).get(id).awaitDone(Duration.ofSeconds(30));
                    assertEquals(first, second, "the same events, numbered alike, on both surviving nodes: " + id);
                    long last = 0;
                    for (JsonNode e : first) {
                        assertTrue(e.path("seq").asLong() > last, "in seq order: " + first);
                        last = e.path("seq").asLong();
                    }
                    assertTrue(first.stream().anyMatch(e -> e.path("type").asText().equals("segment")),
                            "segment events crossed the nodes: " + first);
                    System.err.println("cluster test: " + id + (id.equals(victimRec) ? " (killed, rerun)" : "")
                            + ": " + first.size() + " events, identical on the surviving nodes");
                }
                // event latency (publish ts on the running node -> receipt by a WebSocket client), on the node
                // that runs the job and across the event bus on the other survivor
                List<Long> local = new ArrayList<>();
                List<Long> remote = new ArrayList<>();
                for (String id : slow) {
                    if (id.equals(victimRec)) {
                        continue;
                    }
                    String ran = leaseOwner(db, id);
                    for (int k = 0; k < 3; k++) {
                        if (k == victimIndex) {
                            continue;
                        }
                        Events ev = watching.get(k).get(id);
                        boolean isLocal = nodesAtKill.get(k).equals(ran);
                        for (Map.Entry<JsonNode, Long> e : ev.snapshot().entrySet()) {
                            if (e.getKey().has("ts") && e.getKey().path("seq").asLong() > ev.liveAfter
                                    && !e.getKey().path("type").asText().equals("status")) {
                                (isLocal ? local : remote).add(e.getValue() - e.getKey().path("ts").asLong());
                            }
                        }
                    }
                }
                System.err.println("cluster test: event latency ms, same node p50/p99 " + pct(local, 50) + "/"
                        + pct(local, 99) + " (" + local.size() + " events), across nodes p50/p99 " + pct(remote, 50)
                        + "/" + pct(remote, 99) + " (" + remote.size() + " events; live ones, not replays)");
                watching.forEach(m -> m.values().forEach(Events::close));
                Path stored = data.resolve("uploads").resolve(victimRec).resolve(audio.getFileName());
                assertEquals(ServiceApiTest.sha256(audio), ServiceApiTest.sha256(stored), "the upload survived");

                // 3. rolling restart (SIGTERM and a new node) of every node while jobs run: nothing is lost
                nodes.addAll(startAll(pg.url(), data, log, "node-a2"));
                delay(data, 1500);
                List<String> rolling = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    rolling.add(upload(nodes.get(i % 3), audio));
                }
                for (int i = 0; i < 3; i++) {
                    // one node at a time: its replacement starts while it stops (SIGTERM hands its jobs back)
                    Node old = nodes.remove(0);
                    CompletableFuture<Node> next = Node.start(pg.url(), data, old.id + "-r", log, hzBase, clusterName);
                    old.close();
                    nodes.add(next.join());
                }
                delay(data, 150);
                for (String id : rolling) {
                    JsonNode d = nodes.get(0).http.awaitFinished(id, Duration.ofSeconds(90));
                    assertEquals("done", d.path("status").asText(), d.toString());
                }
                assertEquals(Map.of("done", 39), countBy(db, "SELECT status, COUNT(*) FROM recordings GROUP BY status"),
                        "every upload of the test finished");
                System.err.println("cluster test: rolling restart done; attempts "
                        + countBy(db, "SELECT CAST(attempts AS TEXT), COUNT(*) FROM jobs GROUP BY attempts"));
            } finally {
                for (Node n : nodes) {
                    n.close();
                }
                FileTrees.delete(data);
            }
        }
    }

    /** A WebSocket subscriber of one recording on one node (since 0: the kept events first, then live ones). */
    static final class Events implements java.net.http.WebSocket.Listener, AutoCloseable {
        final java.util.concurrent.BlockingQueue<JsonNode> received = new java.util.concurrent.LinkedBlockingQueue<>();
        /** Events up to this seq were replayed at subscription (not live). */
        volatile long liveAfter = Long.MAX_VALUE;
        /** Receipt time (epoch ms) of each message, by identity. */
        final Map<JsonNode, Long> receivedAt = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
        private final StringBuilder partial = new StringBuilder();
        private java.net.http.WebSocket socket;

        static Events subscribe(String baseUrl, String recording) throws Exception {
            Events e = new Events();
            e.socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create(baseUrl.replace("http://", "ws://") + "/ws"), e)
                    .get(20, TimeUnit.SECONDS);
            e.socket.sendText("{\"type\":\"subscribe\",\"id\":1,\"recording\":\"" + recording
                    + "\",\"since\":0}", true).join();
            return e;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                              boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = Http.JSON.readTree(partial.toString());
                    receivedAt.put(m, System.currentTimeMillis());
                    if (m.path("type").asText().equals("subscribed")) {
                        liveAfter = m.path("lastSeq").asLong();
                    }
                    received.add(m);
                } catch (IOException ex) {
                    throw new AssertionError(ex);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        /** The recording's events (with a seq) up to its 'done' status. */
        List<JsonNode> awaitDone(Duration timeout) throws InterruptedException {
            List<JsonNode> out = new ArrayList<>();
            long end = System.nanoTime() + timeout.toNanos();
            while (true) {
                JsonNode m = received.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no 'done' within " + timeout + "; got " + out);
                }
                if (m.has("seq") && m.has("recording")) {
                    out.add(m);
                    if (m.path("type").asText().equals("status") && m.path("status").asText().equals("done")) {
                        return out;
                    }
                }
            }
        }

        Map<JsonNode, Long> snapshot() {
            synchronized (receivedAt) {
                return new java.util.IdentityHashMap<>(receivedAt);
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static Map<String, Integer> countBy(Connection db, String sql) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement p = db.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.put(r.getString(1), r.getInt(2));
            }
        }
        return out;
    }

    /** The node that leased the recording's job, once one has. */
    private static String awaitHolder(Connection db, String rec) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT lease_owner FROM jobs WHERE recording_id = ? AND status = 'running'")) {
                p.setString(1, rec);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next() && r.getString(1) != null) {
                        return r.getString(1);
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node took the job of " + rec);
    }

    private static String leaseOwner(Connection db, String rec) throws Exception {
        try (PreparedStatement p = db.prepareStatement("SELECT lease_owner FROM jobs WHERE recording_id = ?")) {
            p.setString(1, rec);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static int attempts(Connection db, String rec) throws Exception {
        try (PreparedStatement p = db.prepareStatement("SELECT attempts FROM jobs WHERE recording_id = ?")) {
            p.setString(1, rec);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
