package io.emotrace.web.db;

import io.emotrace.EmotraceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The service's JDBC store: embedded SQLite under the data directory by default, any JDBC URL (PostgreSQL) by
 * configuration. One connection, used by one caller at a time: the service's writes are few and small, and
 * this keeps SQLite free of lock contention. Callers are worker threads, never the event loop.
 *
 * <p>On PostgreSQL (cluster mode) a connection the server dropped (restart, failover, network) is opened again at
 * the next transaction, so a short database outage fails the calls made during it and nothing after.
 */
public final class Database implements AutoCloseable {
    private long generation;
    private Connection connection;
    private final boolean sqlite;
    private final boolean postgres;
    private final String url;
    private final String user;
    private final String password;
    /** The last transaction failed: check the connection before the next one. */
    private boolean suspect;

    private Database(Connection connection, String url, String user, String password) {
        this.connection = connection;
        this.url = url;
        this.user = user;
        this.password = password;
        this.sqlite = url.startsWith("jdbc:sqlite:");
        this.postgres = url.startsWith("jdbc:postgresql:");
    }

    /**
     * A JDBC URL for what users write: {@code postgresql://HOST:PORT/DB?user=...} (or {@code postgres://}, with
     * an optional {@code user:password@}) becomes {@code jdbc:postgresql://HOST:PORT/DB?user=...&password=...};
     * a {@code jdbc:} URL is kept as it is; null or blank stays null (the embedded SQLite file).
     */
    public static String jdbcUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String u = url.strip();
        if (u.startsWith("jdbc:")) {
            return u;
        }
        String rest;
        if (u.startsWith("postgresql://")) {
            rest = u.substring("postgresql://".length());
        } else if (u.startsWith("postgres://")) {
            rest = u.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("database URL must be postgresql://HOST:PORT/DB?user=... or a jdbc: "
                    + "URL, not " + redact(u));
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return "jdbc:postgresql://" + rest;
        }
        String userInfo = authority.substring(0, at);
        String host = authority.substring(at + 1);
        int colon = userInfo.indexOf(':');
        String user = java.net.URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon),
                java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder params = new StringBuilder("user=").append(enc(user));
        if (colon >= 0) {
            params.append("&password=").append(enc(java.net.URLDecoder.decode(userInfo.substring(colon + 1),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        String sep = path.contains("?") ? "&" : "?";
        return "jdbc:postgresql://" + host + path + sep + params;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static Database open(String jdbcUrl, String user, String password, Path dataDir) throws EmotraceException {
        String url;
        try {
            url = jdbcUrl(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new EmotraceException("config.invalid", e.getMessage(), e);
        }
        try {
            if (url == null) {
                Files.createDirectories(dataDir);
                url = "jdbc:sqlite:" + dataDir.resolve("emotrace.db");
            }
            Connection c = DriverManager.getConnection(url, user, password);
            boolean sqlite = url.startsWith("jdbc:sqlite:");
            if (sqlite) {
                try (Statement s = c.createStatement()) {
                    // WAL + FULL sync: a committed job row survives kill -9 and power loss
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=FULL");
                    s.execute("PRAGMA foreign_keys=ON");
                    s.execute("PRAGMA busy_timeout=10000");
                }
            }
            Database db = new Database(c, url, user, password);
            try {
                Migrations.apply(db);
            } catch (SQLException e) {
                db.close();
                throw e;
            }
            return db;
        } catch (SQLException e) {
            throw new EmotraceException("db.unavailable", "cannot open database " + redact(url) + ": "
                    + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new EmotraceException("db.unavailable", "cannot create " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static String redact(String url) {
        return url == null ? "" : url.replaceAll("password=[^&;]*", "password=***");
    }

    public boolean isSqlite() {
        return sqlite;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** The URL with any password masked, for logs and status. */
    public String describe() {
        return redact(url);
    }

    /**
     * SQL for the database server's clock in epoch milliseconds: leases are compared on one clock, the server's,
     * so nodes whose clocks disagree still agree on when a lease expired.
     */
    public String nowMillisSql() {
        if (postgres) {
            return "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)";
        }
        if (sqlite) {
            return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
        }
        return "DATEDIFF('MILLISECOND', TIMESTAMP '1970-01-01 00:00:00', CURRENT_TIMESTAMP)"; // H2 (tests)
    }

    /** {@code FOR UPDATE SKIP LOCKED} where the database has it (PostgreSQL); SQLite serialises writers anyway. */
    public String skipLocked() {
        return postgres ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** {@code FOR UPDATE} where the database has row locks. */
    public String forUpdate() {
        return postgres ? " FOR UPDATE" : "";
    }

    /** Counts connection replacements: session state (an advisory lock) held before a change is gone. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * Cluster-wide exclusion for a background pass: a PostgreSQL session advisory lock on this node's connection,
     * so it is released by {@link #releasePassLock} or when the session ends, also when the node is killed. Always
     * granted on SQLite (one process owns the file). Not reentrant across nodes; callers hold it on one thread.
     */
    public boolean tryPassLock(long key) throws SQLException {
        if (!postgres) {
            return true;
        }
        return tx(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                p.setLong(1, key);
                try (java.sql.ResultSet r = p.executeQuery()) {
                    return r.next() && r.getBoolean(1);
                }
            }
        });
    }

    public void releasePassLock(long key) throws SQLException {
        if (!postgres) {
            return;
        }
        tx(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                p.setLong(1, key);
                p.executeQuery().close();
            }
            return null;
        });
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public synchronized <T> T tx(Work<T> work) throws SQLException {
        reconnectIfLost();
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            suspect = false;
            return result;
        } catch (SQLException | RuntimeException e) {
            suspect = true;
            try {
                connection.rollback();
            } catch (SQLException lost) {
                e.addSuppressed(lost);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(auto);
            } catch (SQLException lost) {
                // connection gone: reopened at the next transaction
            }
        }
    }

    /** A PostgreSQL connection the server closed is replaced (SQLite's file connection never is). */
    private void reconnectIfLost() throws SQLException {
        if (sqlite || !postgres) {
            return;
        }
        if (connection.isClosed() || suspect && !connection.isValid(5)) {
            suspect = false;
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = DriverManager.getConnection(url, user, password);
            generation++;
            System.err.println("emotrace serve: database connection re-opened (" + redact(url) + ")");
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            System.err.println("emotrace serve: closing the database: " + e.getMessage());
        }
    }
}
