package io.emotrace.testutil;

import io.emotrace.rttm.RttmFormatException;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reference turns of one file (read with the product's RttmReader), and who is active at a time. */
public final class Rttm {
    private Rttm() {
    }

    public static List<RttmTurn> read(Path rttm, String fileId) throws RttmFormatException {
        return RttmReader.read(rttm).stream().filter(t -> t.fileId().equals(fileId)).toList();
    }

    /** Number of distinct reference speakers active at time t. */
    public static int activeAt(List<RttmTurn> turns, double t) {
        Set<String> active = new HashSet<>();
        for (RttmTurn x : turns) {
            if (t >= x.start() && t < x.end()) {
                active.add(x.speaker());
            }
        }
        return active.size();
    }
}
