package io.emotrace.cli;

import io.emotrace.pipeline.ProgressListener;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --no-progress}, shared as a picocli {@code @Mixin} by the commands that draw a progress bar. */
final class ProgressOptions {
    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean disabled;

    /** A bar on {@code err} (redrawn in place only on a console); call {@link ConsoleProgress#finish()} after. */
    ConsoleProgress bar(PrintWriter err) {
        return new ConsoleProgress(err, System.console() != null);
    }

    /** What the work reports progress to: the bar, or nothing under {@code --no-progress}. */
    ProgressListener listener(ConsoleProgress bar) {
        return disabled ? ProgressListener.NONE : bar;
    }
}
