package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path dir;

    private static float[] randomValues(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        a[0] = Float.MIN_VALUE; // subnormal must survive the round trip
        return a;
    }

    private static void assertNumpySees(Path file, int rows, int cols, float[] expected) throws Exception {
        String[] lines = NumpyCheck.load(file);
        assertEquals("shape=(" + rows + ", " + cols + ") dtype=float32 c=True", lines[0]);
        assertEquals(expected.length, lines.length - 1);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (float) Double.parseDouble(lines[i + 1]), 0.0f, "value " + i);
        }
    }

    @Test
    void utteranceEmbeddingLoadsInNumpyAsOneByD() throws Exception {
        float[] v = randomValues(768, 1);
        Path f = dir.resolve("embedding.npy");
        NpyWriter.write(f, v, 1, 768);
        assertEquals(0, (Files.size(f) - 768L * 4) % 64, "data must start on the 64-byte grid");
        assertNumpySees(f, 1, 768, v);
        NpyReader.Array back = NpyReader.read(f);
        assertArrayEquals(new long[] {1, 768}, back.shape());
        assertArrayEquals(v, back.data());
    }

    @Test
    void streamedFramesPatchTheRowCountWithoutMovingData() throws Exception {
        int cols = 5;
        int rows = 123;
        float[] v = randomValues(rows * cols, 2);
        Path f = dir.resolve("frames.npy");
        try (NpyWriter w = NpyWriter.open(f, cols)) {
            int done = 0;
            while (done < rows) { // uneven chunks, as frames arrive from successive batches
                int n = Math.min(rows - done, 1 + done % 7);
                w.appendRows(v, done, n);
                done += n;
            }
            assertEquals(rows, w.rows());
        }
        long headerBytes = Files.size(f) - (long) rows * cols * 4;
        assertEquals(0, headerBytes % 64);
        assertEquals(NpyWriter.header(Long.MAX_VALUE, cols, 0).length, headerBytes, "header length fixed up front");
        assertNumpySees(f, rows, cols, v);
        assertArrayEquals(v, NpyReader.read(f).data());
    }

    @Test
    void emptyStreamIsAValidZeroRowArray() throws Exception {
        Path f = dir.resolve("empty.npy");
        NpyWriter.open(f, 3).close();
        String[] lines = NumpyCheck.load(f);
        assertEquals("shape=(0, 3) dtype=float32 c=True", lines[0]);
    }
}
