package io.emotrace.web.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.output.ResultJson;

/** JSON for the WebSocket protocol: the same value forms as result.json (segments, flags), one line per frame. */
final class WsJson {
    static final ObjectMapper MAPPER = ResultJson.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    private WsJson() {
    }

    static ObjectNode object(String type) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", type);
        return n;
    }

    /** A reply echoes the request's {@code id} (string or number, as the client sent it). */
    static ObjectNode reply(String type, JsonNode requestId) {
        ObjectNode n = object(type);
        if (requestId != null && !requestId.isNull()) {
            n.set("id", requestId);
        }
        return n;
    }

    static String error(JsonNode requestId, String code, String message) {
        ObjectNode n = reply("error", requestId);
        n.put("code", code);
        n.put("message", message);
        return write(n);
    }

    static String gap(String recording, long fromSeq, long toSeq, long dropped) {
        ObjectNode n = object("gap");
        n.put("recording", recording);
        n.put("fromSeq", fromSeq);
        n.put("toSeq", toSeq);
        n.put("dropped", dropped);
        return write(n);
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
