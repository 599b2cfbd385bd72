package io.emotrace.web;

import io.emotrace.web.api.OpenApi;
import io.emotrace.web.api.RecordingRoutes;
import io.emotrace.web.api.RulesRoutes;
import io.emotrace.web.api.SpeakerRoutes;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Registers the {@code /api} routes; every one of them is listed in the OpenAPI document (a test checks). */
final class ApiRouter {
    private ApiRouter() {
    }

    static void mount(Router router, ServiceComponents c) {
        router.route().handler(ctx -> {
            // a body must not flow before its handler is set (auth may look up a token first); body handlers resume
            if (ctx.request().method() == HttpMethod.POST || ctx.request().method() == HttpMethod.PUT
                    || ctx.request().method() == HttpMethod.PATCH) {
                ctx.request().pause();
            }
            // defence in depth: ids and names are validated anyway, but nothing encoded as '..' gets routed
            String uri = ctx.request().uri();
            int q = uri.indexOf('?');
            String raw = (q >= 0 ? uri.substring(0, q) : uri).toLowerCase(java.util.Locale.ROOT);
            if (raw.contains("..") || raw.contains("%2e") || raw.contains("%2f") || raw.contains("%5c")
                    || raw.contains("%00") || raw.contains("\\")) {
                ApiErrors.send(ctx, 400, "bad_path", "path traversal is not allowed");
                return;
            }
            ctx.next();
        });
        router.get("/api/openapi.json").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json").end(OpenApi.document()));
        router.route("/api/*").handler(c.auth()::handle);
        router.get("/api/health").handler(ctx -> ApiJson.ok(ctx, new JsonObject()
                .put("status", "ok")
                .put("tokensRequired", c.auth().tokensRequired())
                .put("rulesEngine", c.rules().backend().availability().available())
                .put("decoder", decoderAvailable(c))));
        router.get("/api/status").handler(ctx -> c.dbPool().executeBlocking(() -> ServiceStatus.of(c), false)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        ApiJson.ok(ctx, ar.result());
                    } else {
                        ctx.fail(ar.cause());
                    }
                }));
        RecordingRoutes.mount(router, c);
        RulesRoutes.mount(router, c);
        SpeakerRoutes.mount(router, c);
    }

    private static boolean decoderAvailable(ServiceComponents c) {
        try {
            c.engines().decoder();
            return true;
        } catch (io.emotrace.EmotraceException e) {
            return false;
        }
    }

    /** After extensions: unknown /api paths and every failure get a typed JSON error. */
    static void finish(Router router) {
        router.route("/api/*").last().handler(ctx -> ApiErrors.send(ctx, 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        router.route().failureHandler(ApiErrors::failureHandler);
    }
}
