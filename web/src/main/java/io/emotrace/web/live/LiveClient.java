package io.emotrace.web.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A live-stream client of a running service (the {@code live} command and the live bench): opens {@code /ws},
 * starts a stream, sends PCM paced at {@code speed} x real time (0: as fast as the server takes it; a send waits
 * while the server's socket is paused, so a fast sender is back-pressured), stops, and hands every server message
 * with its arrival time ({@link System#nanoTime()}) to a listener and to {@link #await}.
 */
public final class LiveClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A server message and when it arrived. */
    public record Received(JsonNode message, String text, long nanos) {
        public String type() {
            return message.path("type").asText();
        }
    }

    /** Called on the socket's thread for every message (must be quick). */
    public interface Listener {
        void on(Received r);
    }

    private final WebSocket socket;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closed;
    private String recording;
    private long streamStartNanos;
    private long sentFrames;
    private LiveFormat format;

    private LiveClient(WebSocket socket) {
        this.socket = socket;
    }

    public static LiveClient connect(String server, String token, Listener listener) throws Exception {
        String base = server.replaceFirst("^http", "ws").replaceAll("/+$", "");
        String url = base + "/ws" + (token == null || token.isBlank() ? ""
                : "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        LiveClient[] self = new LiveClient[1];
        BlockingQueue<Received> early = new LinkedBlockingQueue<>();
        WebSocket.Listener l = new WebSocket.Listener() {
            private final StringBuilder buf = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    String text = buf.toString();
                    buf.setLength(0);
                    try {
                        Received r = new Received(JSON.readTree(text), text, System.nanoTime());
                        if (listener != null) {
                            listener.on(r);
                        }
                        (self[0] == null ? early : self[0].inbox).add(r);
                    } catch (Exception e) {
                        System.err.println("emotrace live: server sent invalid JSON: " + e.getMessage());
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                if (self[0] != null) {
                    self[0].closed = code + " " + reason;
                }
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                if (self[0] != null) {
                    self[0].closed = "error: " + error;
                }
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), l).get(20, TimeUnit.SECONDS);
        LiveClient c = new LiveClient(ws);
        self[0] = c;
        early.drainTo(c.inbox);
        c.await(r -> r.type().equals("hello"), Duration.ofSeconds(20));
        return c;
    }

    /** Starts the stream; the recording id, or an exception carrying the server's error frame. */
    public String start(LiveFormat f, String name) throws Exception {
        this.format = f;
        String msg = JSON.writeValueAsString(java.util.Map.of("type", "live.start", "sampleRate", f.sampleRate(),
                "encoding", f.encoding().wire, "channels", f.channels(), "name", name));
        socket.sendText(msg, true).join();
        Received r = await(x -> x.type().equals("live.started") || x.type().equals("error"), Duration.ofSeconds(60));
        if (r.type().equals("error")) {
            throw new IllegalStateException(r.message().path("code").asText() + ": " + r.message().path("message")
                    .asText());
        }
        recording = r.message().get("recording").asText();
        streamStartNanos = System.nanoTime();
        return recording;
    }

    public String recording() {
        return recording;
    }

    /** When the first audio could be sent (stream time 0 at real time). */
    public long streamStartNanos() {
        return streamStartNanos;
    }

    /**
     * Sends PCM bytes, first waiting until stream time reaches their end at {@code speed} x real time (0: no wait),
     * as a microphone delivers a buffer only once it is full.
     */
    public void send(byte[] pcm, double speed) throws InterruptedException {
        if (speed > 0) {
            double at = (sentFrames + pcm.length / format.frameBytes()) / (double) format.sampleRate() / speed;
            long due = streamStartNanos + (long) (at * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        socket.sendBinary(ByteBuffer.wrap(pcm), true).join();
        sentFrames += pcm.length / format.frameBytes();
    }

    public double sentSeconds() {
        return sentFrames / (double) format.sampleRate();
    }

    public void stop() {
        socket.sendText("{\"type\":\"live.stop\"}", true).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message matching {@code p} (earlier ones are consumed); an exception after the timeout. */
    public Received await(Predicate<Received> p, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = left > 0 ? inbox.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS) : null;
            if (r != null && p.test(r)) {
                return r;
            }
            if (r == null && (left <= 0 || closed != null && inbox.isEmpty())) {
                throw new java.util.concurrent.TimeoutException(closed != null ? "connection closed: " + closed
                        : "no matching message within " + timeout.toSeconds() + " s");
            }
        }
    }

    /** 16 kHz mono float to pcm_s16le. */
    public static byte[] s16(float[] x, int off, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, x[off + i])) * 32767));
        }
        return b.array();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
