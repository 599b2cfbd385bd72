package io.emotrace.web.ws.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket subscriber of the bench (JDK client, independent of the server's code): records which sequence
 * numbers of the recording it received, and the latency of each live event (receive time minus the server's
 * {@code ts}; same host, same clock).
 */
final class BenchSubscriber implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String recording;
    private final StringBuilder partial = new StringBuilder();
    final BitSet seqs = new BitSet();
    final List<Long> latenciesMs = new ArrayList<>();
    final CompletableFuture<Long> finished = new CompletableFuture<>(); // the terminal status event's seq
    long ackLastSeq = -1;
    long gaps;
    String error;
    private WebSocket ws;

    BenchSubscriber(String recording) {
        this.recording = recording;
    }

    CompletableFuture<WebSocket> connect(HttpClient http, String url) {
        return http.newWebSocketBuilder().buildAsync(URI.create(url), this);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.ws = webSocket;
        webSocket.sendText("{\"type\":\"subscribe\",\"id\":1,\"recording\":\"" + recording + "\",\"since\":0}", true);
        webSocket.request(1);
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.currentTimeMillis();
            String text = partial.toString();
            partial.setLength(0);
            try {
                handle(JSON.readTree(text), now);
            } catch (Exception e) {
                error = "bad frame: " + e.getMessage();
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(JsonNode m, long now) {
        String type = m.path("type").asText();
        switch (type) {
            case "subscribed" -> ackLastSeq = m.path("lastSeq").asLong();
            case "error" -> error = m.path("code").asText() + " " + m.path("message").asText();
            case "gap" -> gaps += m.path("dropped").asLong();
            default -> {
                if (!recording.equals(m.path("recording").asText(null)) || !m.has("seq")) {
                    return;
                }
                long seq = m.get("seq").asLong();
                seqs.set((int) seq);
                if (ackLastSeq >= 0 && seq > ackLastSeq) {
                    latenciesMs.add(now - m.path("ts").asLong());
                }
                String status = m.path("status").asText("");
                if (type.equals("status") && (status.equals("done") || status.equals("failed"))) {
                    finished.complete(seq);
                }
            }
        }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable e) {
        error = "socket error: " + e;
        finished.completeExceptionally(e);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finished.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    void close() {
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
        }
    }
}
