package io.emotrace.web.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A socket stand-in: runs tasks inline, records what was written, and can pretend its buffer is full. */
final class FakeTransport implements WsTransport {
    final List<String> written = new ArrayList<>();
    boolean full;
    short closeCode;
    String closeReason;

    @Override
    public synchronized void execute(Runnable task) {
        task.run();
    }

    @Override
    public boolean writeQueueFull() {
        return full;
    }

    @Override
    public synchronized void write(String text) {
        written.add(text);
    }

    @Override
    public void close(short code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    synchronized List<JsonNode> messages() {
        List<JsonNode> out = new ArrayList<>();
        for (String w : written) {
            try {
                out.add(WsJson.MAPPER.readTree(w));
            } catch (Exception e) {
                throw new AssertionError("server wrote invalid JSON: " + w, e);
            }
        }
        return out;
    }

    synchronized List<JsonNode> ofType(String type) {
        return messages().stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    synchronized JsonNode last() {
        List<JsonNode> all = messages();
        return all.get(all.size() - 1);
    }
}
