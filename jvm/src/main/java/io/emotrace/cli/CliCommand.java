package io.emotrace.cli;

/**
 * A command of the {@code ./emotrace} CLI, found with {@link java.util.ServiceLoader} so every module can
 * contribute its own. {@link #command()} returns a picocli {@code @Command} object.
 */
public interface CliCommand {
    /** Name under its parent, e.g. {@code analyze}, or {@code features} under {@code bench}. */
    String name();

    /** Parent command name ({@code bench}, {@code models}, ...) or null for a top-level command. */
    default String parent() {
        return null;
    }

    Object command();
}
