package io.emotrace.audio;

import io.emotrace.output.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams mono samples into a WAV file. The file is written under an {@link AtomicFiles} temporary name beside
 * the target; {@link #close()} patches the header sizes, syncs and publishes it with the same atomic rename, so
 * a reader never sees a half-written {@code processed_audio.wav}. {@link #abort()} deletes the temporary file instead.
 */
public final class WavWriter implements AutoCloseable {
    /** Sample encodings this writer produces. */
    public enum Encoding {
        PCM16(1, 16), FLOAT32(3, 32);

        final int formatTag;
        final int bits;

        Encoding(int formatTag, int bits) {
            this.formatTag = formatTag;
            this.bits = bits;
        }

        public int bytesPerSample() {
            return bits / 8;
        }
    }

    private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 64; // RIFF sizes are unsigned 32-bit

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final Encoding encoding;
    private final int sampleRate;
    private final int headerBytes;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long samples;
    private boolean finished;

    private WavWriter(Path target, int sampleRate, Encoding encoding) throws IOException {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        this.target = target.toAbsolutePath();
        this.sampleRate = sampleRate;
        this.encoding = encoding;
        this.temp = AtomicFiles.tempSibling(this.target);
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = header(0);
        this.headerBytes = header.remaining();
        while (header.hasRemaining()) {
            channel.write(header);
        }
    }

    /** A 16 kHz-or-other mono writer; the target appears only after a successful {@link #close()}. */
    public static WavWriter create(Path target, int sampleRate, Encoding encoding) throws IOException {
        return new WavWriter(target, sampleRate, encoding);
    }

    /** The {@code processed_audio.wav} flavour: 16 kHz mono PCM16. */
    public static WavWriter pcm16(Path target) throws IOException {
        return create(target, AudioStream.SAMPLE_RATE, Encoding.PCM16);
    }

    public void write(float[] src, int off, int len) throws IOException {
        if (finished) {
            throw new IllegalStateException("writer already closed or aborted");
        }
        if ((samples + len) * encoding.bytesPerSample() > MAX_DATA_BYTES) {
            throw new IOException("WAV data would exceed the 4 GiB RIFF limit (" + (samples + len) + " samples)");
        }
        for (int i = 0; i < len; i++) {
            if (buf.remaining() < 4) {
                flush();
            }
            float x = src[off + i];
            if (encoding == Encoding.PCM16) {
                // x * 32768 with clipping: the inverse of the /32768 every decoder (and WavFileSource) applies
                float v = x * 32768f;
                int s = v >= 32767f ? 32767 : v <= -32768f ? -32768 : Math.round(v);
                buf.putShort((short) s);
            } else {
                buf.putFloat(x);
            }
        }
        samples += len;
    }

    public void write(float[] src) throws IOException {
        write(src, 0, src.length);
    }

    public long samplesWritten() {
        return samples;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public Path target() {
        return target;
    }

    /** Finalises the header, syncs to disk and renames the temporary file onto the target. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        boolean ok = false;
        try {
            flush();
            ByteBuffer header = header(samples * encoding.bytesPerSample());
            long pos = 0;
            while (header.hasRemaining()) {
                pos += channel.write(header, pos);
            }
            channel.force(true);
            channel.close();
            AtomicFiles.publish(temp, target);
            ok = true;
        } finally {
            finished = true;
            if (!ok) {
                closeQuietlyAndDelete();
            }
        }
    }

    /** Discards everything written; the target is left untouched. Safe to call more than once. */
    public void abort() {
        if (!finished) {
            finished = true;
        }
        closeQuietlyAndDelete();
    }

    private void closeQuietlyAndDelete() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting is what matters
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a stray hidden temp file is harmless and named as such
        }
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    private ByteBuffer header(long dataBytes) {
        boolean isFloat = encoding == Encoding.FLOAT32;
        int fmtAndFact = 8 + 16 + (isFloat ? 12 : 0); // non-PCM formats carry a fact chunk
        ByteBuffer h = ByteBuffer.allocate(12 + fmtAndFact + 8).order(ByteOrder.LITTLE_ENDIAN);
        int bps = encoding.bytesPerSample();
        h.put(ascii("RIFF")).putInt((int) (4 + fmtAndFact + 8 + dataBytes)).put(ascii("WAVE"));
        h.put(ascii("fmt ")).putInt(16).putShort((short) encoding.formatTag).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * bps).putShort((short) bps).putShort((short) encoding.bits);
        if (isFloat) {
            h.put(ascii("fact")).putInt(4).putInt((int) (dataBytes / bps));
        }
        h.put(ascii("data")).putInt((int) dataBytes);
        return h.flip();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    int headerBytes() {
        return headerBytes;
    }
}
