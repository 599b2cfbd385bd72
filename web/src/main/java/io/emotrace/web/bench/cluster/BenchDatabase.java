package io.emotrace.web.bench.cluster;

import io.emotrace.EmotraceException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The bench's own PostgreSQL database ({@code emotrace_bench} by default), dropped and created afresh before each
 * cluster run so every run starts from an empty queue; also where the bench reads job leases (which node runs
 * what) for the failover measurement.
 */
final class BenchDatabase {
    private final String server;
    private final String name;
    private final String user;

    /** {@code server}: HOST:PORT; trust or password-less authentication as {@code user}. */
    BenchDatabase(String server, String name, String user) {
        this.server = server;
        this.name = name;
        this.user = user;
    }

    /** What {@code serve --db} takes. */
    String serveUrl() {
        return "postgresql://" + server + "/" + name + "?user=" + user;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + server + "/" + name + "?user=" + user;
    }

    void recreate() throws EmotraceException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres?user=" + user
                + "&connectTimeout=5"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new EmotraceException("bench.db_unavailable", "cannot recreate database " + name + " on " + server
                    + " as " + user + ": " + e.getMessage() + " (./emotrace setup starts a local PostgreSQL)", e);
        }
    }

    /** A recording's job: {status, lease_owner, attempts}, or null while it has none. */
    String[] job(Connection c, String recording) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT status, lease_owner, attempts FROM jobs WHERE recording_id = ?")) {
            p.setString(1, recording);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new String[] {r.getString(1), r.getString(2), Integer.toString(r.getInt(3))} : null;
            }
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }
}
