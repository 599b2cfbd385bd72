package io.emotrace.web.ws.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attackers of {@code bench service}'s hostile section, each a loop at a bounded rate on 127.0.0.1 until
 * {@link #stop}: slow headers, slow bodies, pathological regex rule sets, fragmented oversize WebSocket messages
 * and wrong tokens. Counts what the service answered, per kind.
 */
final class HostileClients {
    /** Backtracking-prone (rejected by validation) and linear-but-costly (stopped by the budget) rule sets. */
    static final String BACKREFERENCE = rules("\"(\\\\w+\\\\s?)+\\\\1\\\\d\"");
    static final String COSTLY = rules("\".*.*.*.*\\\\d\", \"(?:[a-z]+\\\\s?){1,60}q\"");
    static final String EXPLODING = rules("\"((a{1000}){1000}){1000}\"");

    private final String host;
    private final int port;
    private final String recording;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    HostileClients(URI base, String recording) {
        this.host = base.getHost();
        this.port = base.getPort();
        this.recording = recording;
    }

    static String rules(String regexes) {
        return "{\"schemaVersion\": 1, \"name\": \"hostile\", \"version\": \"1\","
                + " \"keywordSets\": {\"k\": {\"regexes\": {\"en\": [" + regexes + "]}}},"
                + " \"rules\": [{\"id\": \"r\", \"when\": {\"type\": \"keywords\", \"set\": \"k\"},"
                + " \"then\": [{\"type\": \"flag\", \"flag\": \"hit\"}]}]}";
    }

    void start(int slowHeaders, int slowBodies) {
        for (int i = 0; i < slowHeaders; i++) {
            loop("slow-headers", 0, this::slowHeaders);
        }
        for (int i = 0; i < slowBodies; i++) {
            loop("slow-body", 0, this::slowBody);
        }
        loop("regex-test", 250, () -> count("regex-test", post("/api/rules/test?recording=" + recording, COSTLY)));
        loop("regex-put", 1000, () -> count("regex-put", put("/api/rules", BACKREFERENCE)));
        loop("regex-validate", 1000, () -> count("regex-validate", post("/api/rules/validate", EXPLODING)));
        loop("ws-oversize", 500, this::oversizeWebSocketMessage);
        loop("wrong-token", 50, () -> count("wrong-token", get("/api/recordings", "et_guess" + System.nanoTime())));
    }

    /** Stops every attacker and closes their sockets; returns "kind: outcome xN" lines. */
    List<String> stop() throws InterruptedException {
        running = false;
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all that matters
                }
            }
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(5000);
        }
        List<String> out = new ArrayList<>();
        new java.util.TreeMap<>(outcomes).forEach((k, v) -> out.add(k + " x" + v.get()));
        return out;
    }

    private interface Attack {
        void run() throws Exception;
    }

    private void loop(String name, long pauseMs, Attack attack) {
        Thread t = new Thread(() -> {
            while (running) {
                try {
                    attack.run();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (running) {
                        count(name, "error " + e.getClass().getSimpleName());
                    }
                }
                try {
                    Thread.sleep(Math.max(pauseMs, 10));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-hostile-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void count(String kind, String outcome) {
        outcomes.computeIfAbsent(kind + ": " + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private Socket open() throws IOException {
        Socket s = new Socket(host, port);
        s.setSoTimeout(30_000);
        sockets.add(s);
        return s;
    }

    /** A request line, then one header byte per second until the server hangs up. */
    private void slowHeaders() throws Exception {
        try (Socket s = open()) {
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            try {
                while (running) {
                    out.write('a');
                    out.flush();
                    if (s.getInputStream().available() > 0 || closedByPeer(s)) {
                        break;
                    }
                    Thread.sleep(1000);
                }
            } catch (IOException closed) {
                // the server hung up: what should happen
            }
            count("slow-headers", "cut off after " + bucket((System.nanoTime() - t0) / 1_000_000_000L) + " s");
        } finally {
            sockets.removeIf(Socket::isClosed);
        }
    }

    /** An upload announcing 10 MB that sends 100 bytes every 2 s (well under the minimum rate). */
    private void slowBody() throws Exception {
        try (Socket s = open()) {
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/recordings?name=slow.wav HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = "no answer";
            try {
                while (running) {
                    out.write(new byte[100]);
                    out.flush();
                    if (s.getInputStream().available() > 0) {
                        byte[] head = new byte[12];
                        int n = s.getInputStream().readNBytes(head, 0, 12);
                        status = new String(head, 0, n, StandardCharsets.US_ASCII).replace("HTTP/1.1 ", "HTTP ");
                        break;
                    }
                    Thread.sleep(2000);
                }
            } catch (IOException closed) {
                status = "closed";
            }
            count("slow-body", status + " after " + bucket((System.nanoTime() - t0) / 1_000_000_000L) + " s");
        } finally {
            sockets.removeIf(Socket::isClosed);
        }
    }

    private static boolean closedByPeer(Socket s) throws IOException {
        s.setSoTimeout(1);
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } finally {
            s.setSoTimeout(30_000);
        }
    }

    private static String bucket(long seconds) {
        return seconds < 5 ? "<5" : seconds < 15 ? "5-15" : seconds < 30 ? "15-30" : ">=30";
    }

    /** 300 KB in 32 KiB text fragments: the service must close with 1009. */
    private void oversizeWebSocketMessage() throws Exception {
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            String key = Base64.getEncoder().encodeToString("emotrace-hostile!".substring(0, 16)
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[32 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            try {
                for (int sent = 0; sent < 300 * 1024; sent += chunk.length) {
                    boolean first = sent == 0;
                    boolean last = sent + chunk.length >= 300 * 1024;
                    out.write(frameHead(first ? 0x1 : 0x0, last, chunk.length));
                    out.write(chunk); // mask key 0: the payload goes as is
                }
            } catch (IOException closedEarly) {
                // the server may close before the last fragment
            }
            count("ws-oversize", "close " + closeCode(in));
        } finally {
            sockets.removeIf(Socket::isClosed);
        }
    }

    private static byte[] frameHead(int opcode, boolean fin, int len) {
        return new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | 126), (byte) (len >> 8), (byte) len,
                0, 0, 0, 0};
    }

    /** Skips the upgrade answer and frames up to the close frame; its status code, or -1. */
    private static int closeCode(InputStream raw) throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(raw));
        int matched = 0;
        while (matched < 4) { // end of the HTTP upgrade answer
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte() & 0x7f;
                long len = b1 == 126 ? in.readUnsignedShort() : b1 == 127 ? in.readLong() : b1;
                if ((b0 & 0x0f) == 0x8) {
                    return len >= 2 ? in.readUnsignedShort() : 1005;
                }
                in.skipNBytes(len);
            }
        } catch (IOException ended) {
            return -1;
        }
    }

    private String get(String path, String token) throws Exception {
        return status(http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private String post(String path, String json) throws Exception {
        return status(http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private String put(String path, String json) throws Exception {
        return status(http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** "422 rules.timeout": the status and the error code, if any. */
    private static String status(HttpResponse<String> r) {
        String body = r.body();
        int i = body.indexOf("\"code\":\"");
        String code = i < 0 ? "" : " " + body.substring(i + 8, body.indexOf('"', i + 8));
        return r.statusCode() + code;
    }
}
