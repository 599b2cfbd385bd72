package io.emotrace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of a picocli command line: its exit code and what it printed on stdout and stderr. */
public record CliRun(int code, String out, String err) {
    /** Runs {@code args} on {@code cl} with stdout and stderr captured. */
    public static CliRun of(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code args} on the whole {@code ./emotrace} command tree, as the launcher would. */
    public static CliRun main(String... args) {
        return of(Main.commandLine(), args);
    }
}
