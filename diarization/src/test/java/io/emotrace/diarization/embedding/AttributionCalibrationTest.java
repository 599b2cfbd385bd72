package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributionCalibrationTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackAndNamesWhatItHoldsFor() throws IOException {
        AttributionCalibration c = new AttributionCalibration(new double[] {0.5, 1, -2}, "settings", "sha256:ab", "p");
        Path f = dir.resolve(AttributionCalibration.FILE);
        c.write(f);
        AttributionCalibration back = AttributionCalibration.parse(Files.readAllBytes(f), f.toString());
        assertArrayEquals(c.weights(), back.weights());
        assertEquals("settings", back.clustering());
        assertEquals("sha256:ab", back.weightsSha());
        assertEquals("p", back.provenance());
        assertEquals(1 / (1 + Math.exp(-(0.5 + 1 * 1 - 2 * 0.25))), back.probability(new double[] {1, 0.25}), 1e-12);
    }

    @Test
    void refusesWhatIsNotACalibration() {
        for (String bad : new String[] {"{}", "[1,2]", "{\"format\":\"emotrace-attribution-confidence/1\"}",
            "{\"format\":\"emotrace-attribution-confidence/1\",\"weights\":[1,\"x\"],\"clustering\":\"c\",\"weightsSha256\":\"s\"}",
            "{\"format\":\"emotrace-attribution-confidence/1\",\"weights\":[1,2]}"}) {
            IOException e = assertThrows(IOException.class,
                    () -> AttributionCalibration.parse(bad.getBytes(StandardCharsets.UTF_8), "f.json"), bad);
            assertTrue(e.getMessage().startsWith("f.json"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new AttributionCalibration(new double[] {1}, "c", "s", ""));
        assertThrows(IllegalArgumentException.class,
                () -> new AttributionCalibration(new double[] {1, Double.NaN}, "c", "s", ""));
    }
}
