package io.emotrace.web.ws;

import io.emotrace.web.ServiceContext;
import io.emotrace.web.ServiceExtension;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the web UI (plain HTML/JS/CSS from the classpath's {@code webroot/}) at {@code /} and {@code /ui/}, with a
 * Content-Security-Policy that allows only the UI's own script files (no inline script, no eval) and connections to
 * this service (HTTP API and WebSocket).
 */
public final class WebUiExtension implements ServiceExtension {
    /** The UI's policy; style attributes stay allowed (the timeline and bars colour elements inline). */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    @Override
    public String name() {
        return "web-ui";
    }

    @Override
    public void mount(ServiceContext ctx) {
        StaticHandler files = StaticHandler.create("webroot").setCachingEnabled(false).setDirectoryListing(false);
        ctx.router().get("/").handler(rc -> rc.reroute("/ui/index.html"));
        ctx.router().get("/ui/*").handler(rc -> {
            rc.response().putHeader("content-security-policy", CSP).putHeader("x-content-type-options", "nosniff");
            rc.next();
        }).handler(files);
    }
}
