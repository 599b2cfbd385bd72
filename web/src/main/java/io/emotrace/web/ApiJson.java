package io.emotrace.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.ext.web.RoutingContext;

/** Writes API responses with Jackson (records, lists, Vert.x JsonObjects alike). */
public final class ApiJson {
    private ApiJson() {
    }

    public static void send(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = DatabindCodec.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            ApiErrors.fail(ctx, e);
            return;
        }
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(text);
        }
    }

    public static void ok(RoutingContext ctx, Object body) {
        send(ctx, 200, body);
    }
}
