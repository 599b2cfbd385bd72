package io.emotrace.web.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for the cluster tests: {@code EMOTRACE_TEST_PG_URL}, else the development and CI one at
 * 127.0.0.1:5432 (trust authentication, database {@code test}, user {@code postgres}; {@code ./emotrace setup}
 * installs and starts it). Each test gets its own schema, dropped at {@link #close()}. When the server is not
 * reachable the test is skipped with the reason, or fails under {@code CI=true}.
 */
public final class PostgresTestDb implements AutoCloseable {
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String base;
    private final String schema;

    private PostgresTestDb(String base, String schema) {
        this.base = base;
        this.schema = schema;
    }

    public static PostgresTestDb require() throws SQLException {
        String env = System.getenv("EMOTRACE_TEST_PG_URL");
        String base = env == null || env.isBlank() ? DEFAULT_URL : env;
        String schema = "emotrace_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base + sep(base) + "connectTimeout=3");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String why = "PostgreSQL not reachable at " + base + " (" + e.getMessage() + "); ./emotrace setup installs "
                    + "and starts one";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true: " + why, e);
            }
            Assumptions.abort("skipped: " + why + " (under CI=true this fails)");
        }
        return new PostgresTestDb(base, schema);
    }

    private static String sep(String url) {
        return url.contains("?") ? "&" : "?";
    }

    /** The JDBC URL of this test's schema. */
    public String url() {
        return base + sep(base) + "currentSchema=" + schema;
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
