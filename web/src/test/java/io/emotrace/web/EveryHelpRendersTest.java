package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help (all modules' commands are on this module's classpath) renders without picocli's format
 * warnings: a bare '%' in a description printed "[picocli WARN] Could not format ..." three times and the text raw.
 */
class EveryHelpRendersTest {
    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        List<String> bad = new ArrayList<>();
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        assertTrue(all.size() > 20, "commands found: " + all.size());
        PrintStream err = System.err;
        for (CommandLine c : all) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String help;
            try {
                help = c.getUsageMessage();
            } finally {
                System.setErr(err);
            }
            String warnings = captured.toString(StandardCharsets.UTF_8);
            if (warnings.contains("picocli WARN") || help.contains("%n")) {
                bad.add(c.getCommandSpec().qualifiedName() + ": " + warnings.lines().findFirst().orElse(help));
            }
        }
        assertEquals(List.of(), bad);
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }
}
