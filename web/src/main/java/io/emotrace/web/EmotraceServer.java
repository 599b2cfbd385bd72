package io.emotrace.web;

import io.emotrace.EmotraceException;
import io.emotrace.web.auth.ApiTokens;
import com.hazelcast.core.HazelcastInstance;
import io.emotrace.web.auth.ClusterRateLimiter;
import io.emotrace.web.auth.FailureLimiter;
import io.emotrace.web.auth.LocalRateLimiter;
import io.emotrace.web.auth.RateLimiter;
import io.emotrace.web.auth.RequestAuth;
import io.emotrace.web.db.Database;
import io.emotrace.web.db.RecordingStore;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.emotrace.pipeline.Engines;
import io.emotrace.pipeline.StageCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * The running service: one Vert.x HTTP server whose Router carries the API ({@code /api/...}), the OpenAPI
 * document and whatever {@link ServiceExtension}s are on the classpath (WebSocket hub, web UI). Database work
 * runs on the {@code emotrace-db} worker pool, analyses on the {@link ServiceComponents#jobs() job runner}'s
 * own bounded threads; the event loop only routes and streams.
 */
public final class EmotraceServer implements AutoCloseable {
    /** How often every node looks for analyses behind the current rule version (see RulesService.catchUp). */
    static final long RULES_CATCH_UP_MS = 30_000;
    private final Vertx vertx;
    private final HttpServer http;
    private final ServiceComponents components;
    private final List<ServiceExtension> extensions;
    private final Router router;

    private EmotraceServer(Vertx vertx, HttpServer http, ServiceComponents components,
                           List<ServiceExtension> extensions, Router router) {
        this.vertx = vertx;
        this.router = router;
        this.http = http;
        this.components = components;
        this.extensions = extensions;
    }

    /** Starts with the stages and extensions found on the classpath. */
    public static EmotraceServer start(ServiceConfig config) throws EmotraceException {
        return start(config, StageCatalog.fromClasspath(), loadExtensions());
    }

    /**
     * Opens the database, resumes interrupted jobs, mounts everything and listens; blocks until listening. The
     * service owns one {@link Engines} over {@code stages} for its lifetime (loaded on first use, or now with
     * {@code warm}) and closes it at shutdown.
     */
    public static EmotraceServer start(ServiceConfig config, StageCatalog stages,
                                       List<ServiceExtension> extensions) throws EmotraceException {
        config.validate();
        Engines engines = new Engines(stages);
        if (config.warm()) {
            engines.warm();
        }
        Database db = Database.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.dataPath());
        if (config.cluster()) {
            try {
                ClusterStorage.verify(db, config.dataPath());
            } catch (EmotraceException e) {
                db.close();
                engines.close();
                throw e;
            }
        }
        Vertx vertx;
        HazelcastInstance hazelcast = null;
        try {
            if (config.cluster()) {
                ClusterBus.Joined joined = ClusterBus.start(config);
                vertx = joined.vertx();
                hazelcast = joined.hazelcast();
            } else {
                vertx = Vertx.vertx();
            }
        } catch (EmotraceException e) {
            db.close();
            engines.close();
            throw e;
        }
        ServiceComponents components = null;
        try {
            WorkerExecutor dbPool = vertx.createSharedWorkerExecutor("emotrace-db", 4);
            RecordingStore store = new RecordingStore(db);
            RequestAuth auth = new RequestAuth(config.tokensRequired(), new ApiTokens(db),
                    requestLimiter(config, vertx, hazelcast), failureLimiter(config, vertx, hazelcast));
            auth.start(vertx, dbPool);
            components = ServiceComponents.create(vertx, config, db, store, dbPool, auth, engines);
            Router router = Router.router(vertx);
            ApiRouter.mount(router, components);
            ServiceContext ctx = new ServiceContext(vertx, router, config, auth, components.events(),
                    components.queries(), components.live());
            for (ServiceExtension e : extensions) {
                e.mount(ctx);
            }
            ApiRouter.finish(router);
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setMaxHeaderSize(config.maxHeaderBytes())
                    .setMaxFormAttributeSize(8192)
                    .setMaxWebSocketFrameSize(config.maxWebSocketFrameBytes())
                    .setMaxWebSocketMessageSize(config.maxWebSocketMessageBytes())
                    .setCompressionSupported(true)
                    // HTTP/1.1 only: one connection per upload keeps size limits and early refusals simple
                    .setHttp2ClearTextEnabled(false);
            ConnectionGuard guard = new ConnectionGuard(vertx, config);
            HttpServer http = vertx.createHttpServer(options).connectionHandler(guard::onConnection)
                    .requestHandler(guard.wrap(router))
                    .invalidRequestHandler(ApiErrors::invalidRequest)
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            components.jobs().start();
            components.rules().startCatchUp(RULES_CATCH_UP_MS);
            components.live().recover();
            return new EmotraceServer(vertx, http, components, extensions, router);
        } catch (Exception e) {
            if (components != null) {
                components.jobs().close();
            }
            engines.close();
            vertx.close();
            db.close();
            if (e instanceof EmotraceException ee) {
                throw ee;
            }
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new EmotraceException("serve.start_failed", "cannot start the service on " + config.host() + ":"
                    + config.port() + ": " + cause.getMessage(), cause);
        }
    }

    /** Per-principal request budgets: in this JVM, or shared by the cluster's nodes. */
    private static RateLimiter requestLimiter(ServiceConfig c, Vertx vertx, HazelcastInstance hz) {
        return hz == null ? new LocalRateLimiter(c.rateLimitPerSecond(), c.rateLimitBurst())
                : new ClusterRateLimiter(vertx, hz, "requests", c.rateLimitPerSecond(), c.rateLimitBurst());
    }

    /** Per-address budgets of wrong tokens: in this JVM, or shared by the cluster's nodes. */
    private static FailureLimiter failureLimiter(ServiceConfig c, Vertx vertx, HazelcastInstance hz) {
        return hz == null ? FailureLimiter.local(c.authFailuresPerMinute(), c.authFailureBurst())
                : new FailureLimiter(new ClusterRateLimiter(vertx, hz, "auth-failures",
                c.authFailuresPerMinute() / 60, c.authFailureBurst()));
    }

    public static List<ServiceExtension> loadExtensions() {
        List<ServiceExtension> out = new ArrayList<>();
        try {
            ServiceLoader.load(ServiceExtension.class).forEach(out::add);
        } catch (ServiceConfigurationError | LinkageError e) {
            System.err.println("emotrace serve: ignoring a broken service extension: " + e);
        }
        return out;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return http.actualPort();
    }

    public String baseUrl() {
        String host = components.config().host();
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    public ServiceComponents components() {
        return components;
    }

    public Router router() {
        return router;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Stops listening, lets running analyses finish their current stage no longer than a grace period, closes. */
    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("emotrace serve: closing the HTTP server: " + e);
        }
        for (ServiceExtension e : extensions) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                System.err.println("emotrace serve: closing " + e.name() + ": " + ex);
            }
        }
        components.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("emotrace serve: closing Vert.x: " + e);
        }
    }
}
