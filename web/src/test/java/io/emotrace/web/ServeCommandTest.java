package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliRun;
import io.emotrace.cli.Main;
import io.emotrace.web.auth.ApiTokens;
import io.emotrace.web.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} is registered with the CLI; --create-token stores only a hash; the config file is strict. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void createTokenPrintsATokenThatVerifies() throws Exception {
        CommandLine cli = Main.commandLine();
        assertTrue(cli.getSubcommands().containsKey("serve"));
        assertTrue(cli.getSubcommands().get("bench").getSubcommands().containsKey("e2e"));
        assertTrue(cli.getSubcommands().get("bench").getSubcommands().containsKey("cluster"));
        CliRun r = CliRun.of(cli, "serve", "--data", dir.toString(), "--create-token", "ci");
        assertEquals(0, r.code(), r.err());
        String token = r.out().trim();
        assertTrue(token.startsWith(ApiTokens.PREFIX) && token.length() > 40, token);
        try (Database db = Database.open(null, null, null, dir)) {
            assertTrue(new ApiTokens(db).verify(token).isPresent());
            assertFalse(new ApiTokens(db).verify(token + "x").isPresent());
        }
    }

    @Test
    void configFileIsStrictAndValidated() throws Exception {
        Path ok = dir.resolve("ok.json");
        Files.writeString(ok, "{\"port\": 9999, \"workers\": 2, \"host\": \"0.0.0.0\"}");
        ServiceConfig c = ServiceConfig.load(ok);
        assertEquals(9999, c.port());
        assertEquals(2, c.workers());
        assertTrue(c.tokensRequired(), "off loopback");
        assertEquals(2L << 30, c.maxUploadBytes(), "defaults kept");

        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"maxUploadByte\": 10}");
        EmotraceException e = assertThrows(EmotraceException.class, () -> ServiceConfig.load(typo));
        assertEquals("config.invalid", e.code());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"workers\": 0}");
        assertThrows(EmotraceException.class, () -> ServiceConfig.load(bad));
        assertFalse(ServiceConfig.defaults().tokensRequired());
        assertTrue(ServiceConfig.defaults().host("::1").isLoopback());
    }
}
