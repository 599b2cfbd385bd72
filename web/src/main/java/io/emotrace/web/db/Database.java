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
 */
public final class Database implements AutoCloseable {
    private final Connection connection;
    private final boolean sqlite;

    private Database(Connection connection, boolean sqlite) {
        this.connection = connection;
        this.sqlite = sqlite;
    }

    public static Database open(String jdbcUrl, String user, String password, Path dataDir) throws EmotraceException {
        String url = jdbcUrl;
        try {
            if (url == null || url.isBlank()) {
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
            Database db = new Database(c, sqlite);
            Migrations.apply(db);
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

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public synchronized <T> T tx(Work<T> work) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
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
