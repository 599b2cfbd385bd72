package io.emotrace.web.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema scripts {@code db/migration/V<n>__<name>.sql} on the classpath, applied in order, each in its
 * own transaction together with its row in {@code schema_version}, so a crash mid-migration leaves the previous
 * version intact. To change the schema add the next script; never edit an applied one.
 */
public final class Migrations {
    /** Every script, in order. A new one is added here and under resources/db/migration/. */
    public static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__speaker_names.sql", "V3__cluster.sql",
            "V4__speaker_confidence.sql");

    /**
     * The PostgreSQL advisory lock key every node takes around the migrations, so nodes starting together apply
     * each script exactly once: the first one migrates, the others wait on the lock and then find nothing to do.
     */
    static final long ADVISORY_LOCK_KEY = 0x656d6f7472616365L; // "emotrace"

    private Migrations() {
    }

    public static int apply(Database db) throws SQLException {
        if (!db.isPostgres()) {
            return applyLocked(db);
        }
        // session-level lock on this connection: held across the per-script transactions below
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                p.setLong(1, ADVISORY_LOCK_KEY);
                p.executeQuery().close();
            }
            return null;
        });
        try {
            return applyLocked(db);
        } finally {
            db.tx(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    p.setLong(1, ADVISORY_LOCK_KEY);
                    p.executeQuery().close();
                }
                return null;
            });
        }
    }

    private static int applyLocked(Database db) throws SQLException {
        db.tx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "script TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            return null;
        });
        int current = currentVersion(db);
        for (int i = current; i < SCRIPTS.size(); i++) {
            int version = i + 1;
            String script = SCRIPTS.get(i);
            String sql = read(script);
            db.tx(c -> {
                try (Statement s = c.createStatement()) {
                    for (String stmt : statements(sql)) {
                        s.execute(stmt);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version(version, script, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, version);
                    p.setString(2, script);
                    p.setLong(3, System.currentTimeMillis());
                    p.executeUpdate();
                }
                return null;
            });
        }
        return SCRIPTS.size();
    }

    public static int currentVersion(Database db) throws SQLException {
        return db.tx(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    private static String read(String script) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
            if (in == null) {
                throw new SQLException("migration script missing from the classpath: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + script + ": " + e.getMessage(), e);
        }
    }

    /** Splits on ';' at line ends; the scripts hold plain DDL (no procedures), and '--' comments. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : sql.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = cur.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
