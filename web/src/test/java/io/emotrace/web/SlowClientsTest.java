package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, point 5: half-sent headers or bodies cannot hold a connection (or an upload file) open, and the
 * number of connections is capped per address and in total. Short timeouts keep the test fast.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientsTest {
    private static final int HEADER_MS = 800;
    private static final int BODY_CHECK_MS = 500;
    private static final int PER_ADDRESS = 6;
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("emotrace-slow-clients", c -> c.requestTimeouts(HEADER_MS, BODY_CHECK_MS, 4096)
                .connectionLimits(100, PER_ADDRESS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", service.server().port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Milliseconds until the server closes the connection (reading and dropping whatever it sends). */
    private static long millisUntilClosed(Socket s, long t0) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer (408) may come first
            }
        } catch (SocketTimeoutException e) {
            return Long.MAX_VALUE;
        } catch (java.net.SocketException reset) {
            // closed
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void halfSentOrTrickledHeadersAreCutOffAtTheDeadline() throws Exception {
        try (Socket s = open()) {
            long t0 = System.nanoTime();
            s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long ms = millisUntilClosed(s, t0);
            assertTrue(ms >= HEADER_MS - 100 && ms < HEADER_MS + 2000, "closed after " + ms + " ms");
        }
        try (Socket s = open()) {
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write("GET /api/health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        out.write('X');
                        Thread.sleep(100);
                    }
                } catch (Exception closed) {
                    // the server hung up: what the test waits for
                }
            });
            trickle.start();
            long ms = millisUntilClosed(s, t0);
            assertTrue(ms < HEADER_MS + 2000, "a trickling client was closed after " + ms + " ms");
            trickle.interrupt();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedButAnsweredFirst() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            byte[] first = new byte[12];
            assertEquals(12, s.getInputStream().readNBytes(first, 0, 12));
            assertEquals("HTTP/1.1 200", new String(first, StandardCharsets.US_ASCII));
            long ms = millisUntilClosed(s, t0);
            assertTrue(ms < HEADER_MS + 2000, "idle keep-alive closed after " + ms + " ms");
        }
    }

    @Test
    void aStalledUploadGets408AndLeavesNoPartFile() throws Exception {
        Path tmp = service.server().components().files().uploadsTmp();
        try (Socket s = open()) {
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/recordings?name=slow.wav HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[2000]);
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"request_timeout\""), answer);
            assertTrue(ms < 2 * BODY_CHECK_MS + 2000, "cut off after " + ms + " ms");
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        long parts = Long.MAX_VALUE;
        while (System.nanoTime() < deadline && parts > 0) {
            try (Stream<Path> files = Files.exists(tmp) ? Files.list(tmp) : Stream.empty()) {
                parts = files.filter(p -> p.toString().endsWith(".part")).count();
            }
            Thread.sleep(50);
        }
        assertEquals(0, parts, "the .part file of the cut-off upload is gone");
    }

    @Test
    void connectionsPerAddressAreCapped() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                held.add(open());
            }
            Thread.sleep(100); // the server has counted them
            try (Socket extra = open()) {
                extra.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                int first;
                try {
                    first = extra.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    first = -1;
                }
                assertEquals(-1, first, "the connection over the cap is closed without an answer");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Thread.sleep(200);
        assertEquals(200, service.http().get("/api/health").status(), "closed connections free their slots");
    }
}
