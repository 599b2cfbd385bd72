package io.emotrace.rttm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RttmIoTest {
    @TempDir
    Path dir;

    @Test
    void readsSpeakerLinesWithNonAsciiIdsAndSkipsCommentsAndOtherTypes() throws Exception {
        String text = ";; comment\n"
                + "\n"
                + "SPKR-INFO ES2011a 1 <NA> <NA> <NA> unknown MÉO069 <NA> <NA>\n"
                + "SPEAKER ES2011a 1 3.168 0.800 <NA> <NA> MÉO069 <NA> <NA>\n"
                + "SPEAKER   réunion\t1 5.5 1.25 <NA> <NA> 話者2 <NA>\n";
        Path f = dir.resolve("a.rttm");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        List<RttmTurn> turns = RttmReader.read(f);
        assertEquals(List.of(new RttmTurn("ES2011a", "MÉO069", 3.168, 3.168 + 0.8),
                new RttmTurn("réunion", "話者2", 5.5, 6.75)), turns);
    }

    @Test
    void malformedLinesAreTypedErrorsWithTheLineNumber() {
        assertMalformed("SPEAKER f 1 0.0 1.0 <NA> <NA> A\nSPEAKER f 1 x 1.0 <NA> <NA> B\n", 2, "onset");
        assertMalformed("\n;; c\nSPEAKER f 1 0.0 1.0\n", 3, "at least 8 fields");
        assertMalformed("SPEAKER f 1 2.0 -1.0 <NA> <NA> A\n", 1, "negative");
        assertMalformed("SPEAKER f 1 NaN 1.0 <NA> <NA> A\n", 1, "not a number");
        assertMalformed("f NA 0.000 30.000\n", 1, "not an RTTM line");
    }

    private static void assertMalformed(String text, int line, String words) {
        RttmFormatException e = assertThrows(RttmFormatException.class,
                () -> RttmReader.read(new StringReader(text), "x.rttm"));
        assertEquals("rttm.malformed", e.code());
        assertEquals(line, e.line());
        assertTrue(e.getMessage().contains("x.rttm:" + line) && e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void invalidUtf8AndMissingFilesAreUnreadable() throws Exception {
        Path latin1 = dir.resolve("latin1.rttm");
        Files.write(latin1, "SPEAKER f 1 0 1 <NA> <NA> MÉO069 <NA> <NA>\n".getBytes(StandardCharsets.ISO_8859_1));
        RttmFormatException e = assertThrows(RttmFormatException.class, () -> RttmReader.read(latin1));
        assertEquals("rttm.unreadable", e.code());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        RttmFormatException missing = assertThrows(RttmFormatException.class,
                () -> RttmReader.read(dir.resolve("nope.rttm")));
        assertEquals("rttm.unreadable", missing.code());
    }

    @Test
    void writerSortsAndRoundTrips() throws Exception {
        Random rnd = new Random(7);
        List<RttmTurn> turns = new ArrayList<>();
        String[] speakers = {"MÉO069", "B", "spk_10", "Ö"};
        for (int i = 0; i < 300; i++) {
            long on = rnd.nextInt(600_000);
            long off = on + rnd.nextInt(20_000);
            turns.add(new RttmTurn("file" + rnd.nextInt(3), speakers[rnd.nextInt(speakers.length)],
                    on / 1000.0, off / 1000.0));
        }
        Path f = dir.resolve("out.rttm");
        RttmWriter.write(turns, f);
        List<RttmTurn> back = RttmReader.read(f);
        List<RttmTurn> sorted = new ArrayList<>(turns);
        sorted.sort(null);
        assertEquals(sorted.size(), back.size());
        for (int i = 0; i < sorted.size(); i++) {
            RttmTurn a = sorted.get(i);
            RttmTurn b = back.get(i);
            assertEquals(a.fileId(), b.fileId());
            assertEquals(a.speaker(), b.speaker());
            assertEquals(a.start(), b.start(), 1e-9);
            assertEquals(a.end(), b.end(), 1e-9);
        }
        // deterministic: input order does not matter
        List<RttmTurn> shuffled = new ArrayList<>(turns);
        java.util.Collections.shuffle(shuffled, rnd);
        StringWriter w1 = new StringWriter();
        StringWriter w2 = new StringWriter();
        RttmWriter.write(turns, w1);
        RttmWriter.write(shuffled, w2);
        assertEquals(w1.toString(), w2.toString());
        assertEquals(Files.readString(f, StandardCharsets.UTF_8), w1.toString());
    }

    @Test
    void turnsRefuseIdsRttmCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new RttmTurn("f", "two words", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RttmTurn("f", "A", 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new RttmTurn("", "A", 0, 1));
    }

    @Test
    void readsUemAndRejectsBadLines() throws Exception {
        List<UemSegment> u = UemReader.read(new StringReader("a NA 0.000 30.000\nb 1 2.5 7\n"), "x.uem");
        assertEquals(List.of(new UemSegment("a", 0, 30), new UemSegment("b", 2.5, 7)), u);
        RttmFormatException e = assertThrows(RttmFormatException.class,
                () -> UemReader.read(new StringReader("a NA 0 30\nb NA 9 3\n"), "x.uem"));
        assertEquals("uem.malformed", e.code());
        assertEquals(2, e.line());
        RttmFormatException fields = assertThrows(RttmFormatException.class,
                () -> UemReader.read(new StringReader("SPEAKER a 1 0 1 <NA> <NA> A <NA> <NA>\n"), "x.uem"));
        assertEquals(1, fields.line());
    }

    @Test
    void readsTheRealAmiDevReference() throws Exception {
        Path ref = SharedTestData.require("data/ami-dev/reference.rttm");
        Path uem = SharedTestData.require("data/ami-dev/reference.uem");
        List<RttmTurn> turns = RttmReader.read(ref);
        long lines = Files.readAllLines(ref, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("SPEAKER")).count();
        assertEquals(lines, turns.size());
        Set<String> speakers = turns.stream().map(RttmTurn::speaker).collect(Collectors.toSet());
        assertTrue(speakers.contains("MÉO069"), speakers.toString());
        assertEquals(12, UemReader.read(uem).size());
        StringWriter w = new StringWriter();
        RttmWriter.write(turns, w);
        List<RttmTurn> back = RttmReader.read(new StringReader(w.toString()), "mem");
        List<RttmTurn> sorted = new ArrayList<>(turns);
        sorted.sort(null);
        assertEquals(sorted.size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            assertEquals(sorted.get(i).speaker(), back.get(i).speaker());
            assertEquals(sorted.get(i).end(), back.get(i).end(), 1e-9);
        }
    }
}
