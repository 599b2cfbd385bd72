package io.emotrace.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal RIFF/WAVE writer for test inputs (the product's writer lives elsewhere). */
final class TestWav {
    private TestWav() {
    }

    /** Interleaved 16-bit PCM from per-channel float data in [-1, 1]. */
    static void writePcm16(Path file, int rate, float[][] channels) throws IOException {
        int ch = channels.length;
        int n = channels[0].length;
        ByteBuffer data = ByteBuffer.allocate(n * ch * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (float[] c : channels) {
                data.putShort((short) Math.round(Math.max(-1f, Math.min(1f, c[i])) * 32767f));
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header(rate, ch, 16, 1, data.capacity()));
            out.write(data.array());
        }
    }

    /**
     * A canonical 44-byte header. {@code format} 1 = PCM, 3 = IEEE float. {@code dataBytes} is written as given,
     * so a test can make the header lie about the length.
     */
    static byte[] header(int rate, int channels, int bits, int format, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * bits / 8;
        b.put("RIFF".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, dataBytes + 36)).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put("data".getBytes()).putInt((int) dataBytes);
        return b.array();
    }

    static float[] sine(int n, double rate, double freq, double amplitude, double phase) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * freq * i / rate + phase));
        }
        return s;
    }
}
