package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, points 2 and 3: malformed multipart and requests the HTTP layer itself refuses get a typed 4xx with
 * the JSON error body, and nothing a client sends reaches the log as raw lines.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedRequestsTest {
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("emotrace-malformed");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static int port() {
        return service.server().port();
    }

    private static String post(String contentType, String body) {
        return "POST /api/recordings HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String part(String boundary, String fileName) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: audio/wav\r\n\r\nRIFF....\r\n--" + boundary + "--\r\n";
    }

    private static void assertTyped4xx(RawHttp.Answer a, String what) {
        assertTrue(a.status() >= 400 && a.status() < 500, what + ": " + a.status() + " " + a.head() + a.body());
        assertTrue(a.head().toLowerCase().contains("content-type: application/json"), what + ": " + a.head());
        String code = a.errorCode();
        assertTrue(code != null && !code.equals("internal"), what + ": " + a.body());
        assertFalse(a.json().path("error").path("message").asText().isBlank(), what);
    }

    @Test
    void malformedMultipartIsATyped400() throws Exception {
        RawHttp.Answer longName = RawHttp.exchange(port(), post("multipart/form-data; boundary=XyZ",
                part("XyZ", "a".repeat(5000) + ".wav")));
        RawHttp.Answer emptyBoundary = RawHttp.exchange(port(), post("multipart/form-data; boundary=",
                part("", "a.wav")));
        RawHttp.Answer noBoundary = RawHttp.exchange(port(), post("multipart/form-data", part("q", "a.wav")));
        assertTyped4xx(longName, "5,000-character file name");
        assertTyped4xx(emptyBoundary, "empty boundary");
        assertEquals("upload.bad_multipart", emptyBoundary.errorCode());
        assertTyped4xx(noBoundary, "no boundary");
        assertEquals("upload.bad_multipart", noBoundary.errorCode());
        RawHttp.Answer garbage = RawHttp.exchange(port(), post("multipart/form-data; boundary=abc",
                "this is not multipart at all\r\n\r\n--abc\r\nContent-Disposition: nonsense\r\n\r\nx"));
        assertTyped4xx(garbage, "garbage multipart body");
    }

    @Test
    void theHttpLayersOwnRefusalsCarryTheJsonErrorBody() throws Exception {
        RawHttp.Answer longUri = RawHttp.exchange(port(), "GET /api/recordings?x=" + "a".repeat(10_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(414, longUri.status(), longUri.head());
        assertTyped4xx(longUri, "long URI");
        RawHttp.Answer bigHeaders = RawHttp.exchange(port(), "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(40_000) + "\r\n\r\n");
        assertEquals(431, bigHeaders.status(), bigHeaders.head());
        assertTyped4xx(bigHeaders, "large headers");
        RawHttp.Answer bad = RawHttp.exchange(port(), "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: nope\r\n\r\n");
        assertEquals(400, bad.status(), bad.head());
        assertTyped4xx(bad, "bad request line/headers");
    }

    @Test
    void clientTextNeverReachesTheLogAsItsOwnLines() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // Vert.x and Netty log through java.util.logging, whose console handler kept the old System.err
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        StringBuilder jul = new StringBuilder();
        java.util.logging.Handler julCapture = new java.util.logging.Handler() {
            @Override
            public synchronized void publish(java.util.logging.LogRecord r) {
                jul.append(new java.util.logging.SimpleFormatter().format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(julCapture);
        try {
            String forged = "x\nemotrace serve: FORGED admin logged in\r\nmore";
            RawHttp.exchange(port(), post("multipart/form-data", forged));
            RawHttp.exchange(port(), post("multipart/form-data; boundary=" + forged, forged));
            RawHttp.exchange(port(), post("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: "
                    + "form-data; name=\"f\"; filename=\"" + forged + "\"\r\n\r\nq\r\n--z--\r\n"));
            RawHttp.exchange(port(), "GET /api/nothing%0aemotrace%20serve:%20FORGED HTTP/1.1\r\nHost: h\r\n\r\n");
            Thread.sleep(200);
        } finally {
            System.setErr(original);
            root.removeHandler(julCapture);
        }
        String log = captured.toString(StandardCharsets.UTF_8) + jul;
        for (String line : log.split("\n")) {
            assertFalse(line.startsWith("emotrace serve: FORGED"), "a forged log line: " + log);
        }
        assertFalse(log.contains("not multipart at all"), log);
    }
}
