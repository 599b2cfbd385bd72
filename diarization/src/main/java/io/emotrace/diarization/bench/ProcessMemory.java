package io.emotrace.diarization.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux): total RSS, anonymous RSS (heap, native
 * allocations: what would grow with a leak) and file-backed RSS (mapped files such as a memory-mapped WAV, which
 * the kernel can drop at will), plus the Java heap in use (garbage included) and what the last collection of each
 * heap pool left (the live set, which is what must stay flat). Fields are -1 where the OS does not report them.
 */
record ProcessMemory(long rssKb, long anonKb, long fileKb, long heapUsedBytes, long heapAfterGcBytes) {
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
        long afterGc = 0;
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage u = p.getType() == java.lang.management.MemoryType.HEAP
                    ? p.getCollectionUsage() : null;
            afterGc += u == null ? 0 : u.getUsed();
        }
        return new ProcessMemory(rss, anon, file, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                afterGc);
    }

    private static long kb(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }

    String describe() {
        return String.format(Locale.ROOT, "RSS %.0f MiB (anonymous %.0f, file-backed %.0f), heap in use %.0f MiB "
                + "(%.0f MiB left after the last collection)", rssKb / 1024.0, anonKb / 1024.0, fileKb / 1024.0,
                heapUsedBytes / 1048576.0, heapAfterGcBytes / 1048576.0);
    }
}
