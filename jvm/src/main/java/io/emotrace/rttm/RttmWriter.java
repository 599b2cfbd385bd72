package io.emotrace.rttm;

import io.emotrace.output.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes SPEAKER lines, sorted by file, onset, offset, speaker, with millisecond times in a fixed locale,
 * so the same turns always give the same bytes. The confidence column holds the turn's confidence when it has one
 * (three decimals), else {@code <NA>}.
 */
public final class RttmWriter {
    private RttmWriter() {
    }

    public static void write(List<RttmTurn> turns, Writer out) throws IOException {
        List<RttmTurn> sorted = new ArrayList<>(turns);
        sorted.sort(null);
        for (RttmTurn t : sorted) {
            out.write(line(t));
            out.write('\n');
        }
        out.flush();
    }

    /** The whole RTTM document as text. */
    public static String format(List<RttmTurn> turns) {
        StringWriter sw = new StringWriter();
        try {
            write(turns, sw);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return sw.toString();
    }

    /** Writes atomically: a crash leaves the old file or the new one, never half of it. */
    public static void write(List<RttmTurn> turns, Path path) throws IOException {
        AtomicFiles.write(path, format(turns).getBytes(StandardCharsets.UTF_8));
    }

    static String line(RttmTurn t) {
        // duration from rounded onset/offset so that onset + duration gives back the rounded offset
        long on = Math.round(t.start() * 1000);
        long off = Math.round(t.end() * 1000);
        String conf = t.turn().hasConfidence() ? String.format(Locale.ROOT, "%.3f", t.turn().confidence()) : "<NA>";
        return String.format(Locale.ROOT, "SPEAKER %s 1 %.3f %.3f <NA> <NA> %s %s <NA>",
                t.fileId(), on / 1000.0, (off - on) / 1000.0, t.speaker(), conf);
    }
}
