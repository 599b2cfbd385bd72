package io.emotrace.web.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.web.EmotraceServer;
import io.emotrace.web.SegmentEvent;
import io.emotrace.web.ServiceComponents;
import io.emotrace.web.ServiceConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading on a real socket: the server's queue for it stays within its bounds (segments
 * dropped, progress coalesced) and it is disconnected with 1008 after the grace period, while the server goes on.
 */
class SlowClientTest {
    @TempDir
    Path data;

    /**
     * A WebSocket client on a plain socket that subscribes and then never reads: the kernel buffers fill and the
     * server sees real back-pressure (a library client may keep reading into its own memory).
     */
    static Socket stalledClient(String host, int port, String recording) throws Exception {
        Socket socket = new Socket(host, port);
        socket.setReceiveBufferSize(64 * 1024);
        OutputStream out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("emotrace-slow-cl".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /ws HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("no upgrade: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        byte[] payload = ("{\"type\":\"subscribe\",\"recording\":\"" + recording + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length)}); // one masked text frame (< 126 bytes)
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        out.write(payload);
        out.flush();
        return socket;
    }

    @Test
    void aStalledClientIsBoundedThenDisconnected() throws Exception {
        WsLimits limits = new WsLimits(64 * 1024, 64, 1 << 20, Duration.ofSeconds(2), 16, 8, 50);
        WebSocketExtension ext = new WebSocketExtension(limits);
        try (EmotraceServer server = EmotraceServer.start(new ServiceConfig().port(0).dataDir(data),
                io.emotrace.web.ServiceStages.light(), List.of(ext))) {
            String url = server.baseUrl().replace("http://", "ws://") + "/ws";
            HttpClient http = HttpClient.newHttpClient();
            Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/api/recordings?name=n.flac")).POST(HttpRequest.BodyPublishers.ofFile(flac)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, up.statusCode(), up.body());
            String id = WsJson.MAPPER.readTree(up.body()).get("id").asText();
            URI base = URI.create(server.baseUrl());
            Socket stalled = stalledClient(base.getHost(), base.getPort(), id);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ext.hub().subscriberCount(id) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, ext.hub().subscriberCount(id));
            String text = "x".repeat(16 * 1024);
            long t0 = System.nanoTime();
            int published = 0;
            // the server drops the session (and unregisters it) once it gave up on the client
            while (ext.hub().sessionCount() > 0 && System.nanoTime() - t0 < Duration.ofSeconds(40).toNanos()) {
                ext.hub().segment(id, new SegmentEvent(published++, "asr", "S1", 0, 1, null, null, Map.of(), text));
                ext.hub().progress(id, "asr", Math.min(1, published / 1e5), "working");
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, ext.hub().sessionCount(), "the stalled client was disconnected");
            assertTrue(seconds >= 2, "after the grace period, not at once: " + seconds + " s");
            assertTrue(published > 200, "the server kept publishing meanwhile: " + published);
            assertEquals(0, ext.hub().subscriberCount(id), "the closed session is gone from the hub");
            assertEquals(WsSession.CLOSE_TOO_SLOW, closeCode(stalled.getInputStream()), "closed as too slow");
            stalled.close();
        }
    }

    /** Reads frames until the close frame and returns its status code. */
    static int closeCode(InputStream raw) throws Exception {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(raw));
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte() & 0x7f; // server frames are not masked
            long len = b1 == 126 ? in.readUnsignedShort() : b1 == 127 ? in.readLong() : b1;
            if ((b0 & 0x0f) == 0x8) {
                return len >= 2 ? in.readUnsignedShort() : 1005;
            }
            in.skipNBytes(len);
        }
    }
}
