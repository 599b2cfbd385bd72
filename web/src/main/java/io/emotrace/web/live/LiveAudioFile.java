package io.emotrace.web.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The audio of a live stream exactly as received, as a WAV file (PCM 16 or IEEE float, the client's rate and
 * channels), appended as frames arrive. The header's sizes are rewritten every {@link #SYNC_BYTES} and at the end,
 * and the data forced to disk with them, so a killed server leaves a readable file that {@link #repair} makes exact
 * (sizes from the file length; a torn last frame is cut). One owner, one close.
 */
final class LiveAudioFile implements AutoCloseable {
    static final int HEADER = 44;
    private static final long SYNC_BYTES = 256 * 1024;

    private final Path path;
    private final LiveFormat format;
    private final FileChannel ch;
    private long data;
    private long unsynced;
    private boolean closed;

    LiveAudioFile(Path path, LiveFormat format) throws IOException {
        this.path = path;
        this.format = format;
        this.ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        write(header(format, 0), 0);
        ch.force(true);
    }

    Path path() {
        return path;
    }

    /** Appends whole sample frames (the decoder keeps partial ones back). */
    void append(byte[] bytes, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, len);
        while (b.hasRemaining()) {
            ch.write(b, HEADER + data + (len - b.remaining()));
        }
        data += len;
        unsynced += len;
        if (unsynced >= SYNC_BYTES) {
            sync();
        }
    }

    long dataBytes() {
        return data;
    }

    double seconds() {
        return data / format.bytesPerSecond();
    }

    void sync() throws IOException {
        write(header(format, data), 0);
        ch.force(false);
        unsynced = 0;
    }

    private void write(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                sync();
            } finally {
                ch.close();
            }
        }
    }

    /** After a crash: cuts a torn last frame and rewrites the sizes from the file's length. Returns data bytes. */
    static long repair(Path path) throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining() && c.read(h, h.position()) > 0) {
                // read the header
            }
            if (c.size() < HEADER || h.getInt(0) != 0x46464952) { // "RIFF"
                throw new IOException("not a live WAV file: " + path.getFileName());
            }
            int channels = h.getShort(22);
            int rate = h.getInt(24);
            int bits = h.getShort(34);
            int frame = Math.max(1, channels * bits / 8);
            long dataBytes = (c.size() - HEADER) / frame * frame;
            c.truncate(HEADER + dataBytes);
            LiveFormat f = new LiveFormat(rate, bits == 16 ? LiveFormat.Encoding.PCM_S16LE
                    : LiveFormat.Encoding.PCM_F32LE, channels);
            ByteBuffer nh = header(f, dataBytes);
            long pos = 0;
            while (nh.hasRemaining()) {
                pos += c.write(nh, pos);
            }
            c.force(true);
            return dataBytes;
        }
    }

    static ByteBuffer header(LiveFormat f, long dataBytes) {
        long d = Math.min(dataBytes, 0xFFFF_FFFFL - 36);
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt((int) (36 + d)).putInt(0x45564157); // RIFF size WAVE
        b.putInt(0x20746d66).putInt(16); // "fmt " 16
        b.putShort((short) (f.encoding() == LiveFormat.Encoding.PCM_S16LE ? 1 : 3));
        b.putShort((short) f.channels()).putInt(f.sampleRate()).putInt(f.sampleRate() * f.frameBytes());
        b.putShort((short) f.frameBytes()).putShort((short) (f.encoding().bytes * 8));
        b.putInt(0x61746164).putInt((int) d); // "data"
        b.flip();
        return b;
    }

    static boolean exists(Path p) {
        return Files.isRegularFile(p);
    }
}
