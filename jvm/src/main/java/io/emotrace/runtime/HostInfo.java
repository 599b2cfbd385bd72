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

    /**
     * What identifies the CPU beyond its model name (which a VM may shorten to "AMD EPYC"): vendor, family, model
     * and stepping, the microarchitecture they stand for where known (AMD Zen generations), and its vector ISA
     * (avx512f, avx2, fma), e.g. "AuthenticAMD family 26 model 2 stepping 1 (Zen 5); avx512f avx2 fma".
     */
    public static String cpuDetails() {
        try {
            String vendor = "?";
            int family = -1;
            int model = -1;
            String stepping = "?";
            String flags = "";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    if (line.isBlank() && family >= 0) {
                        break;  // first processor only
                    }
                    continue;
                }
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                switch (key) {
                    case "vendor_id" -> vendor = value;
                    case "cpu family" -> family = Integer.parseInt(value);
                    case "model" -> model = Integer.parseInt(value);
                    case "stepping" -> stepping = value;
                    case "flags" -> flags = " " + value + " ";
                    default -> { }
                }
            }
            StringBuilder sb = new StringBuilder(vendor).append(" family ").append(family).append(" model ")
                    .append(model).append(" stepping ").append(stepping);
            String uarch = microarchitecture(vendor, family, model);
            if (uarch != null) {
                sb.append(" (").append(uarch).append(')');
            }
            StringBuilder isa = new StringBuilder();
            for (String f : new String[] {"avx512f", "avx2", "fma"}) {
                if (flags.contains(" " + f + " ")) {
                    isa.append(isa.isEmpty() ? "" : " ").append(f);
                }
            }
            return sb.append("; ").append(isa.isEmpty() ? "no avx2/avx512" : isa).toString();
        } catch (IOException | RuntimeException e) {
            return "no /proc/cpuinfo";
        }
    }

    /** AMD Zen generations by family/model (the ones x86-64 servers run); null when not known here. */
    static String microarchitecture(String vendor, int family, int model) {
        if (!"AuthenticAMD".equals(vendor)) {
            return null;
        }
        return switch (family) {
            case 0x17 -> model >= 0x30 ? "Zen 2" : "Zen / Zen+";
            case 0x19 -> (model >= 0x10 && model <= 0x1f) || (model >= 0x60 && model <= 0x7f)
                    || (model >= 0xa0 && model <= 0xaf) ? "Zen 4" : "Zen 3";
            case 0x1a -> "Zen 5";
            default -> null;
        };
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
