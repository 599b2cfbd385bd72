package io.emotrace.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Minimal RIFF/WAVE reader for tests only (mono 16-bit PCM or 32-bit float), so runtime tests do not depend
 * on the FFmpeg decoder being written in parallel. Not for production input.
 */
public final class TestWav {
    private TestWav() {
    }

    public record Audio(float[] samples, int sampleRate) {
    }

    public static Audio read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // "RIFF" ... "WAVE"
            throw new IOException("not a RIFF/WAVE file: " + file);
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164) { // "data"
                if (channels != 1) {
                    throw new IOException("test reader handles mono only: " + file);
                }
                int n = Math.min(size, b.limit() - body) / (bits / 8);
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    if (format == 1 && bits == 16) {
                        out[i] = b.getShort(body + 2 * i) / 32768f;
                    } else if (format == 3 && bits == 32) {
                        out[i] = b.getFloat(body + 4 * i);
                    } else {
                        throw new IOException("unsupported WAV format " + format + "/" + bits + " bits: " + file);
                    }
                }
                return new Audio(out, rate);
            }
            pos = body + size + (size & 1);
        }
        throw new IOException("no data chunk: " + file);
    }
}
