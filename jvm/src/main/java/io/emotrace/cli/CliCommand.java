package io.emotrace.cli;

import picocli.CommandLine.Command;

/**
 * A command of the {@code ./emotrace} CLI, found with {@link java.util.ServiceLoader} so every module can
 * contribute its own. {@link #command()} returns a picocli {@code @Command} object.
 */
public interface CliCommand {
    /**
     * Name under its parent, e.g. {@code analyze}, or {@code features} under {@code bench}. By default the
     * {@code name} of the class's picocli {@code @Command}, so the two cannot drift apart.
     */
    default String name() {
        Command c = getClass().getAnnotation(Command.class);
        if (c == null) {
            throw new IllegalStateException(getClass().getName() + " has no @Command annotation: override name()");
        }
        return c.name();
    }

    /** Parent command name ({@code bench}, {@code models}, ...) or null for a top-level command. */
    default String parent() {
        return null;
    }

    /** The picocli {@code @Command} object; by default this provider itself (ServiceLoader makes a fresh one). */
    default Object command() {
        return this;
    }
}
