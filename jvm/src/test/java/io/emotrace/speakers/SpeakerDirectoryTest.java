package io.emotrace.speakers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.output.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakerDirectoryTest {
    @TempDir
    Path dir;

    static float[] axis(int dim, int i) {
        float[] v = new float[dim];
        v[i] = 1;
        return v;
    }

    private static List<String> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void enrolWritesTwoFilesUnderASafeIdAndListsWithoutTheVector() throws Exception {
        SpeakerDirectory db = new SpeakerDirectory(dir.resolve("db"));
        assertEquals(List.of(), db.voices(), "a missing folder is an empty database");
        Voiceprint v = db.enroll("  Zoë O'Brien/../x ", List.of(axis(4, 0), axis(4, 1)), List.of(3.0, 1.0), "project");
        assertEquals("Zoë O'Brien/../x", v.name());
        assertTrue(v.id().matches("zoe-o-brien-x-[0-9a-f]{8}"), v.id());
        assertEquals(List.of(v.id() + ".json", v.id() + ".npy"), files(dir.resolve("db")));
        float[] expect = SpeakerDirectory.unitOf(new double[] {3, 1, 0, 0});
        assertArrayEquals(expect, db.voices().get(0).vector(), 1e-6f);
        assertEquals(4.0, v.speechSeconds(), 1e-9);
        String listed = ResultJson.mapper().writeValueAsString(db.voices().stream().map(Voiceprint::summary).toList());
        assertFalse(listed.contains("vector"), listed);
        assertTrue(db.find("ZOË O'BRIEN/../X").isPresent(), "names are case-insensitive");
        assertTrue(db.find(v.id()).isPresent(), "and ids work too");
    }

    @Test
    void enrollingTheSameNameAddsAudioWeightedBySeconds() throws Exception {
        SpeakerDirectory db = new SpeakerDirectory(dir);
        db.enroll("Alice", List.of(axis(3, 0)), List.of(10.0), "project");
        Voiceprint v = db.enroll("alice", List.of(axis(3, 1)), List.of(30.0), "project");
        assertEquals("Alice", v.name(), "the first spelling stays");
        assertEquals(40.0, v.speechSeconds(), 1e-9);
        assertEquals(2, v.clips());
        assertArrayEquals(SpeakerDirectory.unitOf(new double[] {10, 30, 0}), v.vector(), 1e-6f);
        assertEquals(1, db.voices().size());
        EmotraceException e = assertThrows(EmotraceException.class,
                () -> db.enroll("Alice", List.of(axis(5, 1)), List.of(3.0), "onnx"));
        assertEquals("speakers.embedder_mismatch", e.code());
    }

    @Test
    void deleteRemovesTheFiles() throws Exception {
        SpeakerDirectory db = new SpeakerDirectory(dir);
        Voiceprint a = db.enroll("Alice", List.of(axis(3, 0)), List.of(10.0), "project");
        db.enrollVector("Bob", new float[] {0, 2, 0}, 12.5, "project");
        assertEquals(4, files(dir).size());
        assertEquals("Alice", db.delete("ALICE").orElseThrow().name());
        assertEquals(2, files(dir).size());
        assertFalse(files(dir).stream().anyMatch(f -> f.startsWith(a.id())));
        assertTrue(db.delete("Alice").isEmpty());
        assertEquals(List.of("Bob"), db.voices().stream().map(Voiceprint::name).toList());
        assertArrayEquals(new float[] {0, 1, 0}, db.voices().get(0).vector(), 1e-6f);
    }

    @Test
    void deletingANameRemovesTheMetadataACrashLeftWithoutItsVector() throws Exception {
        SpeakerDirectory db = new SpeakerDirectory(dir);
        Voiceprint a = db.enroll("Alice", List.of(axis(3, 0)), List.of(10.0), "project");
        Files.delete(dir.resolve(a.id() + ".npy")); // as if a delete stopped half-way
        assertEquals(List.of(), db.voices(), "metadata alone is no voice");
        assertTrue(db.delete("Alice").isEmpty());
        assertEquals(List.of(), files(dir), "and the next delete removes what was left of it");
    }

    @Test
    void badNamesAreRefused() {
        SpeakerDirectory db = new SpeakerDirectory(dir);
        for (String bad : new String[] {"", "   ", "S2", "s14", "a\nb", "x".repeat(65)}) {
            EmotraceException e = assertThrows(EmotraceException.class,
                    () -> db.enroll(bad, List.of(axis(3, 0)), List.of(1.0), "project"), bad);
            assertEquals("speakers.bad_name", e.code());
        }
        assertNotEquals(SpeakerDirectory.idOf("李雷"), SpeakerDirectory.idOf("韩梅梅"));
        assertTrue(SpeakerDirectory.idOf("李雷").startsWith("voice-"));
    }
}
