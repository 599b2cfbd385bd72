package io.emotrace.web;

import io.emotrace.web.auth.RequestAuth;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * What a {@link ServiceExtension} gets to mount itself on the running service: routes go on {@code router}
 * (a WebSocket upgrade is a route calling {@code request().toWebSocket()} after {@code auth.authenticate}),
 * live events are received by adding an {@link AnalysisEvents} to {@code events}.
 */
public record ServiceContext(Vertx vertx, Router router, ServiceConfig config, RequestAuth auth, EventFanout events,
                             RecordingQueries queries, io.emotrace.web.live.LiveSessions live) {
}
