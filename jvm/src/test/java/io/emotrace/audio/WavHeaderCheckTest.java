package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavHeaderCheckTest {
    @TempDir
    Path dir;

    /** A 16-bit mono 8 kHz WAV whose data chunk declares {@code declared} bytes and holds {@code held}. */
    private Path wav(String name, long declared, int held, boolean extraChunk) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + (extraChunk ? 8 + 3 + 1 : 0) + 8 + held)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        if (extraChunk) { // an odd-sized chunk is padded to an even size
            b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
        }
        b.put("data".getBytes()).putInt((int) declared).put(new byte[held]);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void aDataChunkRunningPastTheFileIsNamedWithItsSeconds() throws Exception {
        Optional<String> w = WavHeaderCheck.shortfall(wav("cut.wav", 16000 * 4, 16000, true));
        assertTrue(w.isPresent());
        assertTrue(w.get().startsWith("the WAV header declares 4.00 s of audio, the file holds 1.00 s"), w.get());
        assertTrue(w.get().contains("the missing 3.00 s are not analysed"), w.get());
    }

    @Test
    void compressedDataIsTimedByTheHeadersByteRate() throws Exception {
        // IMA ADPCM: 8 kHz, 4055 bytes a second in 256-byte blocks (rate x blockAlign would say 2 048 000)
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + 8 + 4055).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 0x11).putShort((short) 1).putInt(8000).putInt(4055)
                .putShort((short) 256).putShort((short) 4);
        b.put("data".getBytes()).putInt(4055 * 4).put(new byte[4055]);
        Path p = dir.resolve("adpcm.wav");
        Files.write(p, b.array());
        Optional<String> w = WavHeaderCheck.shortfall(p);
        assertTrue(w.isPresent() && w.get().startsWith("the WAV header declares 4.00 s of audio, the file holds 1.00 s"),
                w.toString());
    }

    @Test
    void completeStreamingAndOtherFilesSayNothing() throws Exception {
        assertEquals(Optional.empty(), WavHeaderCheck.shortfall(wav("whole.wav", 16000, 16000, false)));
        assertEquals(Optional.empty(), WavHeaderCheck.shortfall(wav("tiny-gap.wav", 16000 + 1000, 16000, false)));
        assertEquals(Optional.empty(), WavHeaderCheck.shortfall(wav("stream.wav", 0xFFFFFFFFL, 16000, false)));
        assertEquals(Optional.empty(), WavHeaderCheck.shortfall(wav("zero.wav", 0, 16000, false)));
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not a wav at all");
        assertEquals(Optional.empty(), WavHeaderCheck.shortfall(text));
        assertEquals(Optional.empty(), WavHeaderCheck.shortfall(dir.resolve("missing.wav")));
        Path header = dir.resolve("header-only.wav");
        Files.write(header, java.util.Arrays.copyOf(Files.readAllBytes(wav("h.wav", 16000, 16000, false)), 20));
        assertEquals(Optional.empty(), WavHeaderCheck.shortfall(header));
    }
}
