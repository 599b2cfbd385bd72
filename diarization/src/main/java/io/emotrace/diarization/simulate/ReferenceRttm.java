package io.emotrace.diarization.simulate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The reference RTTM of a simulated meeting: one {@code SPEAKER} line per speech region, sorted by start.
 * Kept private to the simulator; the project's RTTM reader/writer lives in the rttm package.
 */
final class ReferenceRttm {
    private ReferenceRttm() {
    }

    static String format(SimulatedMeeting m) {
        record Line(String speaker, double start, double end) {
        }
        List<Line> lines = new ArrayList<>();
        for (SimulatedSegment s : m.segments()) {
            for (SimulatedSegment.Region r : s.speech()) {
                lines.add(new Line(s.speaker(), r.start(), r.end()));
            }
        }
        lines.sort(Comparator.comparingDouble(Line::start).thenComparing(Line::speaker));
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(String.format(Locale.ROOT, "SPEAKER %s 1 %.3f %.3f <NA> <NA> %s <NA> <NA>%n",
                    m.id(), l.start(), l.end() - l.start(), l.speaker()));
        }
        return sb.toString();
    }
}
