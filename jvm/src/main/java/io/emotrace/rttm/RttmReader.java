package io.emotrace.rttm;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the SPEAKER lines of an RTTM file ({@code SPEAKER file chnl tbeg tdur ortho stype name conf [slat]}).
 * Other NIST RTTM line types are skipped; anything else is a malformed line, so that a UEM or a CSV passed
 * by mistake is refused instead of scored as empty.
 */
public final class RttmReader {
    private static final Set<String> OTHER_TYPES = Set.of("SEGMENT", "NOSCORE", "NO_RT_METADATA", "LEXEME",
            "NON-LEX", "NON-SPEECH", "FILLER", "EDIT", "IP", "CB", "A/P", "SU", "SPKR-INFO");

    private RttmReader() {
    }

    public static List<RttmTurn> read(Path path) throws RttmFormatException {
        return parse(LineFields.read(path), path.toString());
    }

    public static List<RttmTurn> read(Reader reader, String sourceName) throws RttmFormatException {
        try {
            return parse(LineFields.read(reader, sourceName), sourceName);
        } catch (IOException e) {
            throw new RttmFormatException("rttm.unreadable", sourceName, "cannot read: " + e.getMessage(), e);
        }
    }

    private static List<RttmTurn> parse(List<LineFields.Line> lines, String source) throws RttmFormatException {
        List<RttmTurn> turns = new ArrayList<>();
        for (LineFields.Line line : lines) {
            String[] f = line.fields();
            if (!"SPEAKER".equals(f[0])) {
                if (OTHER_TYPES.contains(f[0])) {
                    continue;
                }
                throw new RttmFormatException("rttm.malformed", source, line.number(),
                        "not an RTTM line (type '" + f[0] + "', expected SPEAKER ...)");
            }
            if (f.length < 8) {
                throw new RttmFormatException("rttm.malformed", source, line.number(),
                        "SPEAKER line needs at least 8 fields (SPEAKER file chnl tbeg tdur ortho stype name), got "
                                + f.length);
            }
            double tbeg = LineFields.number("rttm.malformed", source, line, 3, "onset (field 4)");
            double tdur = LineFields.number("rttm.malformed", source, line, 4, "duration (field 5)");
            if (tbeg < 0 || tdur < 0) {
                throw new RttmFormatException("rttm.malformed", source, line.number(),
                        "negative onset or duration: " + f[3] + " " + f[4]);
            }
            turns.add(new RttmTurn(f[1], f[7], tbeg, tbeg + tdur));
        }
        return turns;
    }
}
