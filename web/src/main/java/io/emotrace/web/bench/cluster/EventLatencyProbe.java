package io.emotrace.web.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket subscriber of one recording on one node. Each live event carries {@code ts}, the epoch milliseconds
 * at which the node running the job published it; the probe notes its own receipt time on the same machine clock.
 * Events replayed at subscription ({@code seq} up to the {@code subscribed} reply's {@code lastSeq}) and
 * {@code status} events (the upload node's, not the runner's) are left out.
 */
final class EventLatencyProbe implements WebSocket.Listener, AutoCloseable {
    final String node;
    final String recording;
    private final List<Long> latencies = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile long liveAfter = Long.MAX_VALUE;
    private WebSocket socket;

    private EventLatencyProbe(String node, String recording) {
        this.node = node;
        this.recording = recording;
    }

    static EventLatencyProbe subscribe(HttpClient client, String node, String baseUrl, String recording)
            throws Exception {
        EventLatencyProbe p = new EventLatencyProbe(node, recording);
        p.socket = client.newWebSocketBuilder().buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/ws"), p)
                .get(20, TimeUnit.SECONDS);
        p.socket.sendText("{\"type\":\"subscribe\",\"id\":1,\"recording\":\"" + recording + "\",\"since\":0}", true)
                .join();
        return p;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.currentTimeMillis();
            try {
                JsonNode m = BenchApi.JSON.readTree(partial.toString());
                String type = m.path("type").asText();
                if (type.equals("subscribed")) {
                    liveAfter = m.path("lastSeq").asLong();
                } else if (m.has("ts") && m.has("seq") && m.path("seq").asLong() > liveAfter
                        && !type.equals("status")) {
                    latencies.add(now - m.path("ts").asLong());
                }
            } catch (IOException e) {
                // not JSON: not an event
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    List<Long> latencies() {
        return new ArrayList<>(latencies);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
