package io.emotrace.diarization.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux): total RSS, anonymous RSS (heap, native
 * allocations: what would grow with a leak) and file-backed RSS (mapped files such as a memory-mapped WAV, which
 * the kernel can drop at will), plus the Java heap in use. Fields are -1 where the OS does not report them.
 */
record ProcessMemory(long rssKb, long anonKb, long fileKb, long heapUsedBytes) {
    static ProcessMemory now() {
        long rss = -1;
        long anon = -1;
        long file = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kb(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kb(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: heap only
        }
        return new ProcessMemory(rss, anon, file, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    private static long kb(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }

    String describe() {
        return String.format(Locale.ROOT, "RSS %.0f MiB (anonymous %.0f, file-backed %.0f), heap in use %.0f MiB",
                rssKb / 1024.0, anonKb / 1024.0, fileKb / 1024.0, heapUsedBytes / 1048576.0);
    }
}
