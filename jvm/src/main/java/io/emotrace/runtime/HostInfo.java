package io.emotrace.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What training records and benchmarks say about the machine they ran on (Linux /proc; a fallback elsewhere). */
public final class HostInfo {
    private HostInfo() {
    }

    /** The CPU's model name, or "unknown CPU" where /proc/cpuinfo does not say. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: callers still report cores and OS
        }
        return "unknown CPU";
    }

    /** The 1, 5 and 15 minute load averages as "a / b / c", or "unknown": timings depend on what else ran. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
