package io.emotrace.web;

/**
 * A part of the service found with ServiceLoader ({@code META-INF/services/io.emotrace.web.ServiceExtension}),
 * e.g. the WebSocket hub and the web UI. {@link #mount} runs once at start, before the server listens; the API
 * routes ({@code /api/...}) are already registered.
 */
public interface ServiceExtension {
    String name();

    void mount(ServiceContext context);

    /** Called when the service stops, before Vert.x closes. */
    default void close() {
    }
}
