package io.emotrace.rttm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Shared line handling of RTTM and UEM: strict UTF-8, blank and {@code ;;} / {@code #} comment lines skipped. */
final class LineFields {
    private static final Pattern WS = Pattern.compile("\\s+");

    record Line(int number, String[] fields) {
    }

    private LineFields() {
    }

    static List<Line> read(Path path) throws RttmFormatException {
        String name = path.toString();
        // strict decoder: a Latin-1 file must fail loudly, not turn MÉO069 into two different speakers
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new java.io.InputStreamReader(Files.newInputStream(path), decoder)) {
            return read(r, name);
        } catch (NoSuchFileException e) {
            throw new RttmFormatException("rttm.unreadable", name, "no such file", e);
        } catch (CharacterCodingException e) {
            throw new RttmFormatException("rttm.unreadable", name, "not valid UTF-8", e);
        } catch (IOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new RttmFormatException("rttm.unreadable", name, "not valid UTF-8", e);
            }
            throw new RttmFormatException("rttm.unreadable", name, "cannot read: " + e.getMessage(), e);
        }
    }

    static List<Line> read(Reader reader, String name) throws IOException {
        List<Line> out = new ArrayList<>();
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String s;
        int n = 0;
        while ((s = br.readLine()) != null) {
            n++;
            if (n == 1 && s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            String t = s.strip();
            if (t.isEmpty() || t.startsWith(";;") || t.startsWith("#")) {
                continue;
            }
            out.add(new Line(n, WS.split(t)));
        }
        return out;
    }

    static double number(String code, String source, Line line, int index, String what) throws RttmFormatException {
        String v = line.fields()[index];
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new RttmFormatException(code, source, line.number(), what + " is not a number: '" + v + "'");
        }
    }
}
