package io.emotrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliCommandTest {
    @Command(name = "annotated")
    static final class Annotated implements CliCommand {
    }

    static final class Bare implements CliCommand {
    }

    @Test
    void nameAndCommandDefaultToTheAnnotatedProviderItself() {
        Annotated a = new Annotated();
        assertEquals("annotated", a.name());
        assertSame(a, a.command());
    }

    @Test
    void aProviderWithoutCommandAnnotationMustNameItself() {
        assertThrows(IllegalStateException.class, () -> new Bare().name());
    }

    @Test
    void everyRegisteredCommandIsReachableUnderItsNameInTheTree() {
        CommandLine root = Main.commandLine();
        int seen = 0;
        for (CliCommand c : ServiceLoader.load(CliCommand.class)) {
            CommandLine parent = c.parent() == null ? root : root.getSubcommands().get(c.parent());
            assertNotNull(parent, c.parent());
            CommandLine sub = parent.getSubcommands().get(c.name());
            assertNotNull(sub, c.getClass().getName() + " as " + c.name());
            assertEquals(c.getClass(), sub.getCommand().getClass());
            seen++;
        }
        assertTrue(seen >= 10, "commands found: " + seen);
    }
}
