package io.emotrace.diarization.rttm;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes SPEAKER lines, sorted by file, onset, offset, speaker, with millisecond times in a fixed locale,
 * so the same turns always give the same bytes.
 */
public final class RttmWriter {
    private RttmWriter() {
    }

    public static void write(List<SpeakerTurn> turns, Writer out) throws IOException {
        List<SpeakerTurn> sorted = new ArrayList<>(turns);
        sorted.sort(null);
        for (SpeakerTurn t : sorted) {
            out.write(line(t));
            out.write('\n');
        }
        out.flush();
    }

    public static void write(List<SpeakerTurn> turns, Path path) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            write(turns, w);
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String line(SpeakerTurn t) {
        // duration from rounded onset/offset so that onset + duration gives back the rounded offset
        long on = Math.round(t.start() * 1000);
        long off = Math.round(t.end() * 1000);
        return String.format(Locale.ROOT, "SPEAKER %s 1 %.3f %.3f <NA> <NA> %s <NA> <NA>",
                t.fileId(), on / 1000.0, (off - on) / 1000.0, t.speaker());
    }
}
