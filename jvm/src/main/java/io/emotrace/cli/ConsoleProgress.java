package io.emotrace.cli;

import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.pipeline.ProgressListener;
import java.io.PrintWriter;

/**
 * Draws pipeline progress on stderr: one bar redrawn in place on a terminal, or plain lines (on stage changes,
 * every 10 %, or every 5 s) when stderr is a pipe or a CI log. Shows stage, percent, elapsed time and an ETA
 * extrapolated from the stage's own rate.
 */
final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final boolean tty;
    private final long runStart = System.nanoTime();
    private String stage;
    private long stageStart;
    private int lastDecile = -1;
    private long lastLine;
    private int drawnWidth;

    ConsoleProgress(PrintWriter out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        long now = System.nanoTime();
        boolean newStage = !e.stage().equals(stage);
        if (newStage) {
            if (tty && stage != null) {
                out.print('\n');
                drawnWidth = 0;
            }
            stage = e.stage();
            stageStart = now;
            lastDecile = -1;
        }
        String line = render(e, now);
        if (tty) {
            out.print('\r' + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
            out.flush();
            return;
        }
        int decile = e.fraction() < 0 ? -1 : (int) Math.floor(e.fraction() * 10);
        if (newStage || decile > lastDecile || now - lastLine > 5_000_000_000L) {
            out.println(line);
            out.flush();
            lastDecile = Math.max(lastDecile, decile);
            lastLine = now;
        }
    }

    /** Ends the in-place line so the next output starts on a fresh one. */
    synchronized void finish() {
        if (tty && drawnWidth > 0) {
            out.print('\n');
            out.flush();
        }
        drawnWidth = 0;
        stage = null;
    }

    private String render(ProgressEvent e, long now) {
        double stageSeconds = (now - stageStart) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-11s ", e.stage()));
        if (e.fraction() >= 0) {
            int filled = (int) Math.round(e.fraction() * WIDTH);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
            sb.append(String.format(" %3.0f%%", e.fraction() * 100));
        } else {
            sb.append('[').append("?".repeat(WIDTH)).append("]    ");
        }
        sb.append("  elapsed ").append(clock((now - runStart) / 1e9));
        if (e.fraction() > 0.02 && e.fraction() < 1) {
            sb.append("  ETA ").append(clock(stageSeconds * (1 - e.fraction()) / e.fraction()));
        }
        if (e.message() != null && !e.message().isEmpty()) {
            sb.append("  ").append(e.message());
        }
        return sb.toString();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
