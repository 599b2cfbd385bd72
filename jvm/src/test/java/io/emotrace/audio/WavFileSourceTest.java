package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.UnsupportedAudioException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WavFileSourceTest {
    @TempDir
    Path dir;

    /** Values exactly representable in PCM16, so the round trip must be bit-exact. */
    private Path pcm16File(String name, float[] x) throws IOException {
        Path f = dir.resolve(name);
        try (WavWriter w = WavWriter.pcm16(f)) {
            w.write(x);
        }
        return f;
    }

    private static float[] pcm16Values(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (r.nextInt(65536) - 32768) / 32768f;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 12345, 48001})
    void pcm16RoundTripIsExactForAnyLength(int n) throws Exception {
        float[] x = pcm16Values(n, n);
        Path f = dir.resolve("a.wav");
        try (WavWriter w = WavWriter.pcm16(f)) {
            // uneven chunks, as a decoder delivers them
            for (int off = 0; off < n; off += 777) {
                w.write(x, off, Math.min(777, n - off));
            }
        }
        assertEquals(44 + 2L * n, Files.size(f));
        try (WavFileSource s = WavFileSource.open(f)) {
            assertEquals(16000, s.sampleRate());
            assertEquals(n, s.length());
            assertArrayEquals(x, s.read(0, n));
        }
    }

    @Test
    void pcm16ClipsAndRounds() throws Exception {
        Path f = dir.resolve("clip.wav");
        try (WavWriter w = WavWriter.pcm16(f)) {
            w.write(new float[] {2f, -2f, 1f, -1f, 0.5f, 1e-6f});
        }
        try (WavFileSource s = WavFileSource.open(f)) {
            assertArrayEquals(new float[] {32767 / 32768f, -1f, 32767 / 32768f, -1f, 0.5f, 0f}, s.read(0, 6));
        }
    }

    @Test
    void float32RoundTripAndOddRate() throws Exception {
        float[] x = new float[9999];
        Random r = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 0.3f;
        }
        Path f = dir.resolve("f.wav");
        try (WavWriter w = WavWriter.create(f, 22050, WavWriter.Encoding.FLOAT32)) {
            w.write(x);
        }
        try (WavFileSource s = WavFileSource.open(f)) {
            assertTrue(s.isFloat());
            assertEquals(22050, s.sampleRate());
            assertArrayEquals(x, s.read(0, x.length));
        }
    }

    @Test
    void readsAcrossChunkBoundaries() throws Exception {
        float[] x = pcm16Values(10_007, 3);
        Path f = pcm16File("m.wav", x);
        // 1000-byte file reads: 500 samples each, so one window crosses many read boundaries
        try (WavFileSource s = WavFileSource.open(f, 1000)) {
            assertArrayEquals(x, s.read(0, x.length));
            float[] window = s.read(499, 1003);
            for (int i = 0; i < window.length; i++) {
                assertEquals(x[499 + i], window[i]);
            }
            float[] edges = s.read(-5, x.length + 10);
            for (int i = 0; i < 5; i++) {
                assertEquals(0f, edges[i]);
                assertEquals(0f, edges[edges.length - 1 - i]);
            }
            assertEquals(x[0], edges[5]);
            assertEquals(x[x.length - 1], edges[5 + x.length - 1]);
        }
    }

    @Test
    void anInterruptedReaderBreaksNoOtherReaderAndCloseReleasesTheFile() throws Exception {
        float[] x = pcm16Values(4_000, 5);
        Path f = pcm16File("i.wav", x);
        WavFileSource s = WavFileSource.open(f);
        // a cancelled stage interrupts its thread mid-read; an interruptible channel would then be closed for all
        Thread.currentThread().interrupt();
        try {
            assertArrayEquals(x, s.read(0, x.length));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt stays the caller's to handle");
        }
        assertArrayEquals(x, s.read(0, x.length));
        s.close();
        assertThrows(java.io.UncheckedIOException.class, () -> s.read(0, 10));
    }

    @Test
    void targetAppearsOnlyOnCloseAndAbortLeavesNothing() throws Exception {
        Path f = dir.resolve("processed_audio.wav");
        WavWriter w = WavWriter.pcm16(f);
        w.write(new float[1000]);
        assertFalse(Files.exists(f), "target must not exist before close");
        w.abort();
        assertFalse(Files.exists(f));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "abort must delete the temporary file");
        }
        try (WavWriter w2 = WavWriter.pcm16(f)) {
            w2.write(new float[10]);
        }
        assertTrue(Files.exists(f));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count());
        }
    }

    @Test
    void walksChunksWithPaddingAndClampsATruncatedDataChunk() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("RIFF".getBytes());
        b.writeBytes(le(0));
        b.writeBytes("WAVE".getBytes());
        b.writeBytes("LIST".getBytes());
        b.writeBytes(le(3)); // odd size: one pad byte follows
        b.writeBytes(new byte[] {1, 2, 3, 0});
        b.writeBytes("fmt ".getBytes());
        b.writeBytes(le(16));
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.writeBytes(fmt.array());
        b.writeBytes("data".getBytes());
        b.writeBytes(le(0x7fff_fff0)); // claims far more than present, like a streamed or cut file
        b.writeBytes(new byte[] {0, 64, 0, (byte) 192, 1}); // 2.5 samples
        Path f = dir.resolve("odd.wav");
        Files.write(f, b.toByteArray());
        try (WavFileSource s = WavFileSource.open(f)) {
            assertEquals(8000, s.sampleRate());
            assertEquals(2, s.length());
            assertArrayEquals(new float[] {0.5f, -0.5f}, s.read(0, 2));
        }
    }

    @Test
    void badFilesGetTypedErrors() throws Exception {
        Path empty = Files.write(dir.resolve("empty.wav"), new byte[0]);
        assertEquals(Reason.EMPTY, assertThrows(UnsupportedAudioException.class, () -> WavFileSource.open(empty)).reason());
        Path text = Files.writeString(dir.resolve("text.wav"), "hello, this is not audio at all");
        assertEquals(Reason.NOT_AUDIO, assertThrows(UnsupportedAudioException.class, () -> WavFileSource.open(text)).reason());
        Path missing = dir.resolve("missing.wav");
        assertEquals(Reason.UNREADABLE, assertThrows(UnsupportedAudioException.class, () -> WavFileSource.open(missing)).reason());
        Path f = dir.resolve("cut.wav");
        try (WavWriter w = WavWriter.pcm16(f)) {
            w.write(new float[100]);
        }
        byte[] all = Files.readAllBytes(f);
        Path cut = Files.write(dir.resolve("cut2.wav"), java.util.Arrays.copyOf(all, 30)); // inside fmt
        assertThrows(UnsupportedAudioException.class, () -> WavFileSource.open(cut));
        ByteBuffer stereo = ByteBuffer.wrap(all.clone()).order(ByteOrder.LITTLE_ENDIAN);
        stereo.putShort(22, (short) 2);
        Path st = Files.write(dir.resolve("stereo.wav"), stereo.array());
        assertEquals(Reason.UNSUPPORTED_CODEC, assertThrows(UnsupportedAudioException.class, () -> WavFileSource.open(st)).reason());
    }

    @Test
    void readsTheRealFloat32WavFromShared() throws IOException, UnsupportedAudioException {
        Path f = SharedTestData.require("data/ami-dev/dev00-float32.wav");
        try (WavFileSource s = WavFileSource.open(f)) {
            assertTrue(s.isFloat());
            assertEquals(16000, s.sampleRate());
            // the data chunk size from the header, over 4 bytes per sample
            assertEquals((Files.size(f) - 58) / 4, s.length());
            assertEquals(30.0, s.durationSeconds(), 0.01);
            float[] x = s.read(0, (int) s.length());
            double energy = 0;
            for (float v : x) {
                assertTrue(Math.abs(v) <= 1.0f);
                energy += v * v;
            }
            assertTrue(Math.sqrt(energy / x.length) > 0.005, "a meeting excerpt has audible speech");
        }
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
