package io.emotrace.audio;

import io.emotrace.audio.UnsupportedAudioException.Reason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random access to a mono PCM16 or float32 WAV file, so stages can read any window of hours of audio without holding
 * it in the heap. Reads are positional reads of the file (the page cache keeps it hot), not a memory mapping: a
 * mapping's pages count in the process's resident memory for as long as the mapping lives, which made RSS grow with
 * the input's length (345 MiB for 3 hours) and stay until a GC released the mapping. RIFF chunks are walked properly
 * (LIST, fact, odd-size padding, WAVE_FORMAT_EXTENSIBLE); a data chunk that claims more than the file holds (a
 * streamed or truncated file) is clamped to the whole samples present. Reads are thread-safe; {@link #close()}
 * closes the file.
 */
public final class WavFileSource implements AudioSource {
    static final int DEFAULT_CHUNK_BYTES = 1 << 18;
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private final Path file;
    private final int sampleRate;
    private final boolean isFloat;
    private final int bytesPerSample;
    private final long dataOffset;
    private final long length;
    private final int chunkSamples;
    /**
     * Plain stream I/O, not a FileChannel: a FileChannel is closed for every reader when any thread reading it is
     * interrupted (a cancelled stage would break its neighbours). Seek and read pair under its lock.
     */
    private final RandomAccessFile in;

    private WavFileSource(Path file, int sampleRate, boolean isFloat, int bytesPerSample, long dataOffset,
                          long length, int chunkBytes) throws IOException {
        this.file = file;
        this.sampleRate = sampleRate;
        this.isFloat = isFloat;
        this.bytesPerSample = bytesPerSample;
        this.dataOffset = dataOffset;
        this.length = length;
        this.chunkSamples = Math.max(1, chunkBytes / bytesPerSample);
        this.in = new RandomAccessFile(file.toFile(), "r");
    }

    public static WavFileSource open(Path file) throws UnsupportedAudioException {
        return open(file, DEFAULT_CHUNK_BYTES);
    }

    /** {@code chunkBytes} is the most one file read takes; tests shrink it to exercise chunk boundaries. */
    static WavFileSource open(Path file, int chunkBytes) throws UnsupportedAudioException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new UnsupportedAudioException(Reason.EMPTY, file + ": empty file");
            }
            ByteBuffer head = read(ch, 0, 12);
            if (head.remaining() < 12 || !tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
                throw new UnsupportedAudioException(Reason.NOT_AUDIO, file + ": not a RIFF/WAVE file");
            }
            int format = -1;
            int channels = 0;
            int rate = 0;
            int bits = 0;
            long pos = 12;
            while (pos + 8 <= size) {
                ByteBuffer ck = read(ch, pos, 8);
                String id = tag(ck, 0);
                long ckSize = Integer.toUnsignedLong(ck.getInt(4));
                long body = pos + 8;
                if (id.equals("fmt ")) {
                    if (ckSize < 16) {
                        throw new UnsupportedAudioException(Reason.TRUNCATED, file + ": fmt chunk too short");
                    }
                    ByteBuffer fmt = read(ch, body, (int) Math.min(ckSize, 40));
                    if (fmt.remaining() < 16) {
                        throw new UnsupportedAudioException(Reason.TRUNCATED, file + ": truncated fmt chunk");
                    }
                    format = Short.toUnsignedInt(fmt.getShort(0));
                    channels = Short.toUnsignedInt(fmt.getShort(2));
                    rate = fmt.getInt(4);
                    bits = Short.toUnsignedInt(fmt.getShort(14));
                    if (format == FORMAT_EXTENSIBLE && fmt.remaining() >= 26) {
                        format = Short.toUnsignedInt(fmt.getShort(24)); // first two bytes of the sub-format GUID
                    }
                } else if (id.equals("data")) {
                    if (format < 0) {
                        throw new UnsupportedAudioException(Reason.NOT_AUDIO, file + ": data chunk before fmt chunk");
                    }
                    boolean pcm16 = format == FORMAT_PCM && bits == 16;
                    boolean f32 = format == FORMAT_FLOAT && bits == 32;
                    if (!pcm16 && !f32) {
                        throw new UnsupportedAudioException(Reason.UNSUPPORTED_CODEC,
                                file + ": WAV format " + format + " with " + bits + " bits (only PCM16 and float32 here)");
                    }
                    if (channels != 1) {
                        throw new UnsupportedAudioException(Reason.UNSUPPORTED_CODEC,
                                file + ": " + channels + " channels (only mono here)");
                    }
                    if (rate <= 0) {
                        throw new UnsupportedAudioException(Reason.NOT_AUDIO, file + ": sample rate " + rate);
                    }
                    int bps = bits / 8;
                    long available = Math.min(ckSize, size - body);
                    return new WavFileSource(file, rate, f32, bps, body, available / bps, chunkBytes);
                }
                pos = body + ckSize + (ckSize & 1); // chunks are padded to even sizes
            }
            throw new UnsupportedAudioException(format < 0 ? Reason.NOT_AUDIO : Reason.TRUNCATED,
                    file + ": no " + (format < 0 ? "fmt" : "data") + " chunk");
        } catch (IOException e) {
            throw new UnsupportedAudioException(Reason.UNREADABLE, file + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }

    public Path file() {
        return file;
    }

    public boolean isFloat() {
        return isFloat;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void read(long start, float[] dst, int off, int count) {
        int i = 0;
        // leading samples before 0 and trailing samples past the end read as silence
        for (; i < count && start + i < 0; i++) {
            dst[off + i] = 0f;
        }
        byte[] bytes = null;
        while (i < count && start + i < length) {
            long s = start + i;
            int n = (int) Math.min(Math.min(count - i, chunkSamples), length - s);
            if (bytes == null) { // the first chunk is the largest
                bytes = new byte[n * bytesPerSample];
            }
            readFully(dataOffset + s * bytesPerSample, bytes, n * bytesPerSample);
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, n * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
            if (isFloat) {
                for (int k = 0; k < n; k++) {
                    dst[off + i + k] = b.getFloat(k * 4);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    dst[off + i + k] = b.getShort(k * 2) * (1f / 32768f);
                }
            }
            i += n;
        }
        java.util.Arrays.fill(dst, off + i, off + count, 0f);
    }

    private void readFully(long pos, byte[] bytes, int n) {
        try {
            synchronized (in) {
                in.seek(pos);
                in.readFully(bytes, 0, n);
            }
        } catch (IOException e) {
            // the file was checked at open and is the pipeline's own: a failure here is an I/O fault, not bad input
            throw new UncheckedIOException(file + ": cannot read samples at byte " + pos + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only file: nothing was written that closing could lose
        }
    }
}
