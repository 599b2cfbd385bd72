package io.emotrace.web.ws;

import io.emotrace.web.ServiceContext;
import io.emotrace.web.ServiceExtension;
import io.vertx.ext.web.handler.StaticHandler;

/** Serves the web UI (plain HTML/JS/CSS from the classpath's {@code webroot/}) at {@code /} and {@code /ui/}. */
public final class WebUiExtension implements ServiceExtension {
    @Override
    public String name() {
        return "web-ui";
    }

    @Override
    public void mount(ServiceContext ctx) {
        StaticHandler files = StaticHandler.create("webroot").setCachingEnabled(false).setDirectoryListing(false);
        ctx.router().get("/").handler(rc -> rc.reroute("/ui/index.html"));
        ctx.router().get("/ui/*").handler(files);
    }
}
