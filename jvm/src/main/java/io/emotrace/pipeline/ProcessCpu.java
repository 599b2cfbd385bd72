package io.emotrace.pipeline;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process (every thread: a stage's worker pools included), for the per-stage CPU seconds of
 * a run. With one analysis at a time the difference over a stage is that stage's cost, the figure cluster sizing
 * uses; with several at once it is shared.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static double secondsSince(long start) {
        long now = nanos();
        return start < 0 || now < 0 ? Double.NaN : (now - start) / 1e9;
    }
}
