package io.emotrace.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the subset of {@code .npy} that {@link NpyWriter} writes: v1/v2, {@code '<f4'}, C order, any rank. */
public final class NpyReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A float32 array and its shape (empty shape = scalar). */
    public record Array(long[] shape, float[] data) {
    }

    private NpyReader() {
    }

    public static Array read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 10 || (b.get() & 0xFF) != 0x93 || b.get() != 'N' || b.get() != 'U' || b.get() != 'M'
                || b.get() != 'P' || b.get() != 'Y') {
            throw new IOException(file + ": not a .npy file");
        }
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] h = new byte[headerLen];
        b.get(h);
        String header = new String(h, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(file + ": malformed .npy header " + header.strip());
        }
        if (!d.group(1).equals("<f4") || f.group(1).equals("True")) {
            throw new IOException(file + ": only little-endian float32 in C order is supported, got " + header.strip());
        }
        String[] parts = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long dim : shape) {
            n = Math.multiplyExact(n, dim);
        }
        if (b.remaining() != n * Float.BYTES) {
            throw new IOException(file + ": expected " + n + " floats after the header, found " + b.remaining() + " bytes");
        }
        float[] data = new float[Math.toIntExact(n)];
        b.asFloatBuffer().get(data);
        return new Array(shape, data);
    }
}
