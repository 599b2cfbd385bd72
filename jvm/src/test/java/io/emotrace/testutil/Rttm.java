package io.emotrace.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reference speaker turns of one file from an RTTM, rendered on a frame grid for agreement tests. */
public final class Rttm {
    public record Turn(String speaker, double start, double end) {
    }

    private Rttm() {
    }

    public static List<Turn> read(Path rttm, String fileId) throws IOException {
        List<Turn> out = new ArrayList<>();
        for (String line : Files.readAllLines(rttm, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].equals("SPEAKER") && f[1].equals(fileId)) {
                double start = Double.parseDouble(f[3]);
                out.add(new Turn(f[7], start, start + Double.parseDouble(f[4])));
            }
        }
        return out;
    }

    /** Number of reference speakers active at time t. */
    public static int activeAt(List<Turn> turns, double t) {
        int n = 0;
        Map<String, Boolean> seen = new HashMap<>();
        for (Turn x : turns) {
            if (t >= x.start() && t < x.end() && seen.putIfAbsent(x.speaker(), true) == null) {
                n++;
            }
        }
        return n;
    }
}
