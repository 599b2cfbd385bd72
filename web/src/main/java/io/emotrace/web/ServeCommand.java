package io.emotrace.web;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliCommand;
import io.emotrace.web.auth.ApiTokens;
import io.emotrace.web.db.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./emotrace serve}: the HTTP/WebSocket service. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the emotrace service: HTTP API under /api (OpenAPI at /api/openapi.json), "
                + "WebSocket /ws and the web UI when they are in this build.",
                "Binds 127.0.0.1 by default; an address outside 127.0.0.0/8 and ::1 requires API tokens (--create-token)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally / token created", "1:could not start", "2:bad command line"})
public final class ServeCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDR", description = "bind address (default 127.0.0.1, or the config's)")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "port (default 8080, or the config's; 0 = any free)")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", description = "uploads, outputs and the SQLite database "
            + "(default ./emotrace-data, or the config's)")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON settings (keys in README: jdbcUrl, "
            + "maxUploadBytes, workers, rateLimitPerSecond, retentionMaxAgeDays, ...)")
    Path config;

    @Option(names = "--workers", paramLabel = "N", description = "analyses running at once")
    Integer workers;

    @Option(names = "--warm", description = "load every model at start (GET /api/status shows them ready) instead of "
            + "at the first analysis that needs it")
    boolean warm;

    @Option(names = "--cluster", description = "cluster mode: this node shares the PostgreSQL database (--db) as "
            + "the job queue and --data as shared storage (the same mounted path on every node) with the others")
    boolean cluster;

    @Option(names = "--db", paramLabel = "URL", description = "database: postgresql://HOST:PORT/DB?user=... (or a "
            + "jdbc: URL); with --cluster, EMOTRACE_DB_URL when not given. Default: embedded SQLite in --data")
    String db;

    @Option(names = "--node-id", paramLabel = "NAME", description = "this node's name in leases and status "
            + "(cluster mode; default host-pid-random)")
    String nodeId;

    @Option(names = "--cluster-members", split = ",", paramLabel = "HOST[:PORT]", description = "cluster event "
            + "bus: the nodes' Hazelcast addresses, TCP/IP, no multicast (default 127.0.0.1, ports 5701 and up)")
    java.util.List<String> clusterMembers;

    @Option(names = "--cluster-port", paramLabel = "N", description = "this node's Hazelcast port, or the next free "
            + "one after it (default 5701)")
    Integer clusterPort;

    @Option(names = "--cluster-host", paramLabel = "ADDR", description = "the address the other nodes reach this "
            + "node's Hazelcast and event bus at (default 127.0.0.1)")
    String clusterHost;

    @Option(names = "--create-token", paramLabel = "NAME", description = "create an API token, print it once, exit")
    String createToken;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ServiceConfig cfg = resolve();
            if (createToken != null) {
                try (Database db = Database.open(cfg.jdbcUrl(), cfg.jdbcUser(), cfg.jdbcPassword(), cfg.dataPath())) {
                    ApiTokens.Created t = new ApiTokens(db).create(createToken);
                    out.println(t.token());
                    err.println("emotrace serve: token '" + t.name() + "' (id " + t.id() + ") created; it is shown "
                            + "only now, the service stores its SHA-256");
                    return 0;
                }
            }
            EmotraceServer server = EmotraceServer.start(cfg);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "emotrace-serve-shutdown"));
            err.println("emotrace serve: listening on " + server.baseUrl() + " (data " + cfg.dataPath() + ", tokens "
                    + (cfg.tokensRequired() ? "required" : "not required on loopback")
                    + (cfg.cluster() ? ", cluster node " + cfg.nodeId() + " on "
                    + server.components().db().describe() : "") + ")");
            err.flush();
            stopped.await();
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace serve: error " + e.describe());
            return 1;
        } catch (java.sql.SQLException e) {
            err.println("emotrace serve: error [db.failed] " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    ServiceConfig resolve() throws EmotraceException {
        ServiceConfig cfg = config != null ? ServiceConfig.load(config) : ServiceConfig.defaults();
        if (host != null) {
            cfg.host(host);
        }
        if (port != null) {
            cfg.port(port);
        }
        if (data != null) {
            cfg.dataDir(data);
        }
        if (warm) {
            cfg.warm(true);
        }
        if (workers != null) {
            cfg.workers(workers);
        }
        if (db != null) {
            cfg.jdbcUrl(db);
        }
        if (cluster) {
            cfg.cluster(true);
            String env = System.getenv("EMOTRACE_DB_URL");
            if (db == null && cfg.jdbcUrl() == null && env != null && !env.isBlank()) {
                cfg.jdbcUrl(env);
            }
        }
        if (nodeId != null) {
            cfg.nodeId(nodeId);
        }
        if (clusterMembers != null) {
            cfg.clusterMembers(clusterMembers);
        }
        if (clusterPort != null) {
            cfg.clusterPort(clusterPort);
        }
        if (clusterHost != null) {
            cfg.clusterHost(clusterHost);
        }
        cfg.validate();
        return cfg;
    }
}
