package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliRun;
import io.emotrace.cli.Main;
import io.emotrace.web.db.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode's command line and settings, without a database: URLs users write, and what is refused. */
class ClusterConfigTest {
    @TempDir
    Path dir;

    @Test
    void postgresUrlsBecomeJdbcUrls() {
        assertNull(Database.jdbcUrl(null), "no URL: the embedded SQLite file");
        assertNull(Database.jdbcUrl(" "));
        assertEquals("jdbc:postgresql://db:5432/emo?user=postgres",
                Database.jdbcUrl("postgresql://db:5432/emo?user=postgres"));
        assertEquals("jdbc:postgresql://db/emo?user=u&password=p%40ss",
                Database.jdbcUrl("postgres://u:p%40ss@db/emo"));
        assertEquals("jdbc:postgresql://db/emo?sslmode=require&user=u",
                Database.jdbcUrl("postgresql://u@db/emo?sslmode=require"));
        assertEquals("jdbc:sqlite:/x.db", Database.jdbcUrl("jdbc:sqlite:/x.db"));
        assertThrows(IllegalArgumentException.class, () -> Database.jdbcUrl("mysql://db/emo"));
    }

    @Test
    void clusterModeNeedsPostgres() throws Exception {
        EmotraceException e = assertThrows(EmotraceException.class,
                () -> ServiceConfig.defaults().cluster(true).validate());
        assertEquals("config.invalid", e.code());
        assertThrows(EmotraceException.class,
                () -> ServiceConfig.defaults().cluster(true).jdbcUrl("jdbc:sqlite:/tmp/x.db").validate());
        ServiceConfig.defaults().cluster(true).jdbcUrl("postgresql://127.0.0.1:5432/test?user=postgres").validate();
        assertThrows(EmotraceException.class, () -> ServiceConfig.defaults().leaseSeconds(0).validate());
        assertTrue(ServiceConfig.defaults().cluster(true).nodeId().contains("-"), "a default node id");

        CliRun r = CliRun.of(Main.commandLine(), "serve", "--cluster", "--data", dir.toString(), "--db",
                "sqlite:nope");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("config.invalid"), r.err());
    }
}
