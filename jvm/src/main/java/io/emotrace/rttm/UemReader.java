package io.emotrace.rttm;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a UEM file: {@code file channel start end} per line (seconds). */
public final class UemReader {
    private UemReader() {
    }

    public static List<UemSegment> read(Path path) throws RttmFormatException {
        return parse(LineFields.read(path), path.toString());
    }

    public static List<UemSegment> read(Reader reader, String sourceName) throws RttmFormatException {
        try {
            return parse(LineFields.read(reader, sourceName), sourceName);
        } catch (IOException e) {
            throw new RttmFormatException("rttm.unreadable", sourceName, "cannot read: " + e.getMessage(), e);
        }
    }

    private static List<UemSegment> parse(List<LineFields.Line> lines, String source) throws RttmFormatException {
        List<UemSegment> out = new ArrayList<>();
        for (LineFields.Line line : lines) {
            String[] f = line.fields();
            if (f.length != 4) {
                throw new RttmFormatException("uem.malformed", source, line.number(),
                        "UEM line needs 4 fields (file channel start end), got " + f.length);
            }
            double start = LineFields.number("uem.malformed", source, line, 2, "start (field 3)");
            double end = LineFields.number("uem.malformed", source, line, 3, "end (field 4)");
            if (start < 0 || end < start) {
                throw new RttmFormatException("uem.malformed", source, line.number(),
                        "needs 0 <= start <= end, got " + f[2] + " " + f[3]);
            }
            out.add(new UemSegment(f[0], start, end));
        }
        return out;
    }
}
