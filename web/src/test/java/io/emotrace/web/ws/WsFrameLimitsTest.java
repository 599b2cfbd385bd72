package io.emotrace.web.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.output.FileTrees;
import io.emotrace.web.EmotraceServer;
import io.emotrace.web.ServiceComponents;
import io.emotrace.web.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, point 4: the WebSocket's size limits as documented — a message over the service's message limit
 * (fragmented or not) and a frame over the frame limit close with 1009, invalid UTF-8 with 1007, and oversize
 * messages count against the per-connection message rate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WsFrameLimitsTest {
    private static Path data;
    private static EmotraceServer server;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("emotrace-ws-frames");
        // short HTTP deadlines: a quiet WebSocket must outlive them
        server = EmotraceServer.start(new ServiceConfig().port(0).dataDir(data).requestTimeouts(400, 400, 1024),
                io.emotrace.web.ServiceStages.light(), List.of(new WebSocketExtension(
                        new WsLimits(64 * 1024, 1024, 4L << 20, java.time.Duration.ofSeconds(10), 64, 8, 5))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        FileTrees.delete(data);
    }

    private static RawWs connect() throws Exception {
        RawWs ws = new RawWs(server.port(), "/ws");
        String hello = ws.nextText();
        assertTrue(hello != null && hello.contains("\"hello\""), hello);
        return ws;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'a');
        return b;
    }

    @Test
    void aQuietWebSocketIsNotCutByTheHttpDeadlines() throws Exception {
        try (RawWs ws = connect()) {
            Thread.sleep(1500);
            ws.text("{\"type\":\"ping\",\"id\":1}");
            String pong = ws.nextText();
            assertTrue(pong != null && pong.contains("pong"), pong);
        }
    }

    @Test
    void aRefusedUpgradeIsAnOrdinaryConnectionForTheDeadlines() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /ws?access_token=et_wrong HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ZW1vdHJhY2UtcmF3LXdzIQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(ms < 3000, "the refused upgrade's connection stayed " + ms + " ms");
        }
    }

    @Test
    void aFragmentedMessageOverTheMessageLimitClosesWith1009() throws Exception {
        try (RawWs ws = connect()) {
            int sent = 0;
            ws.frame(RawWs.TEXT, false, filled(32 * 1024));
            for (sent = 32 * 1024; sent < 300 * 1024; sent += 32 * 1024) {
                ws.frame(RawWs.CONTINUATION, sent + 32 * 1024 >= 300 * 1024, filled(32 * 1024));
            }
            assertEquals(1009, ws.closeCode());
        }
    }

    @Test
    void aSingleFrameOverTheFrameLimitClosesWith1009() throws Exception {
        try (RawWs ws = connect()) {
            ws.frame(RawWs.TEXT, true, filled(70 * 1024));
            assertEquals(1009, ws.closeCode());
        }
    }

    @Test
    void invalidUtf8InATextMessageClosesWith1007() throws Exception {
        try (RawWs ws = connect()) {
            ws.frame(RawWs.TEXT, true, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'});
            assertEquals(1007, ws.closeCode());
        }
        try (RawWs ws = connect()) { // a code point split across fragments is fine; a truncated one at the end not
            byte[] euro = "\"€\"".getBytes(StandardCharsets.UTF_8);
            ws.frame(RawWs.TEXT, false, Arrays.copyOfRange(euro, 0, 2));
            ws.frame(RawWs.CONTINUATION, true, Arrays.copyOfRange(euro, 2, euro.length));
            String reply = ws.nextText();
            assertTrue(reply.contains("ws.bad_message"), reply);
            ws.frame(RawWs.TEXT, true, Arrays.copyOfRange(euro, 0, 2));
            assertEquals(1007, ws.closeCode());
        }
    }

    @Test
    void oversizeMessagesCountAgainstTheMessageRate() throws Exception {
        try (RawWs ws = connect()) {
            // 5 messages/s with a burst of 10: 20 oversize messages in a row must run into the rate limit
            int tooBig = 0;
            int limited = 0;
            for (int i = 0; i < 20; i++) {
                ws.frame(RawWs.TEXT, false, filled(40 * 1024));
                ws.frame(RawWs.CONTINUATION, true, filled(40 * 1024));
            }
            for (int i = 0; i < 20; i++) {
                String reply = ws.nextText();
                tooBig += reply.contains("ws.too_big") ? 1 : 0;
                limited += reply.contains("ws.rate_limited") ? 1 : 0;
            }
            assertTrue(limited >= 5, "too_big=" + tooBig + " rate_limited=" + limited);
            assertTrue(tooBig >= 1 && tooBig <= 12, "too_big=" + tooBig);
        }
    }
}
