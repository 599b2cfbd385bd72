package io.emotrace.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes float32 matrices in NumPy's {@code .npy} format version 1.0 ({@code '<f4'}, C order), loadable with
 * {@code numpy.load}. The header is padded so the data starts at a multiple of 64 bytes, as NumPy itself does.
 *
 * <p>Streaming: {@link #open(Path, int)} writes rows whose count is not known up front. The header is first
 * written with room for the largest row count a {@code long} can hold and rewritten on {@link #close()} with
 * the real count, padded to the same length, so the data never moves.
 */
public final class NpyWriter implements AutoCloseable {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGN = 64;

    private final FileChannel channel;
    private final int cols;
    private final int headerLength;
    private final ByteBuffer rowBuffer;
    private long rows;
    private boolean closed;

    private NpyWriter(FileChannel channel, int cols) throws IOException {
        this.channel = channel;
        this.cols = cols;
        byte[] provisional = header(Long.MAX_VALUE, cols, 0);
        this.headerLength = provisional.length;
        channel.write(ByteBuffer.wrap(header(0, cols, headerLength)));
        this.rowBuffer = ByteBuffer.allocate(Math.multiplyExact(cols, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Starts a streamed {@code (T, cols)} array; T grows with each {@link #appendRow} call. */
    public static NpyWriter open(Path file, int cols) throws IOException {
        if (cols <= 0) {
            throw new IllegalArgumentException("cols must be positive: " + cols);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new NpyWriter(ch, cols);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Writes a whole {@code (rows, cols)} array, row-major. A single embedding is {@code rows = 1}. */
    public static void write(Path file, float[] data, int rows, int cols) throws IOException {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("shape (" + rows + ", " + cols + ") needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
        try (NpyWriter w = open(file, cols)) {
            w.appendRows(data, 0, rows);
        }
    }

    public void appendRow(float[] row) throws IOException {
        if (row.length != cols) {
            throw new IllegalArgumentException("row has " + row.length + " values, expected " + cols);
        }
        appendRows(row, 0, 1);
    }

    /** Appends {@code count} rows stored contiguously in {@code data} from row {@code firstRow}. */
    public void appendRows(float[] data, int firstRow, int count) throws IOException {
        if (closed) {
            throw new IOException("npy writer is closed");
        }
        for (int r = 0; r < count; r++) {
            rowBuffer.clear();
            rowBuffer.asFloatBuffer().put(data, (firstRow + r) * cols, cols);
            rowBuffer.limit(cols * Float.BYTES);
            while (rowBuffer.hasRemaining()) {
                channel.write(rowBuffer);
            }
            rows++;
        }
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            channel.write(ByteBuffer.wrap(header(rows, cols, headerLength)), 0);
        }
    }

    /** The magic, version, length and dict; padded to {@code targetLength}, or to the 64-byte grid when 0. */
    static byte[] header(long rows, int cols, int targetLength) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int prefix = MAGIC.length + 2;
        int unpadded = prefix + dict.length() + 1; // +1 for the closing newline
        int total = targetLength > 0 ? targetLength : (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        if (total < unpadded || total - prefix > 0xFFFF) {
            throw new IllegalStateException("npy header does not fit: " + dict);
        }
        StringBuilder sb = new StringBuilder(dict);
        while (prefix + sb.length() + 1 < total) {
            sb.append(' ');
        }
        sb.append('\n');
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) (total - prefix)).put(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
