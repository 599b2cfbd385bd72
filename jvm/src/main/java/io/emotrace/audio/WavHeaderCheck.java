package io.emotrace.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a RIFF/WAVE file holds the audio its header declares. FFmpeg clamps a data chunk that runs past the end of
 * the file to what is there and reports that shorter duration as declared, so a file cut short in a copy or an upload
 * decodes without a word; its header still says how much was meant to be there.
 */
public final class WavHeaderCheck {
    /** Chunks walked before giving up (a header is a handful; a hostile file cannot make this loop long). */
    private static final int MAX_CHUNKS = 64;

    private WavHeaderCheck() {
    }

    /**
     * A warning when {@code file} is a WAV whose data chunk declares more than 0.1 s beyond the bytes present; empty
     * for other files, a complete WAV, a streaming header (size 0 or 0xFFFFFFFF) or a header too odd to read.
     */
    public static Optional<String> shortfall(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, 12);
            if (head == null || !tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
                return Optional.empty();
            }
            long bytesPerSecond = 0;
            long pos = 12;
            for (int n = 0; n < MAX_CHUNKS && pos + 8 <= size; n++) {
                ByteBuffer ck = read(ch, pos, 8);
                if (ck == null) {
                    return Optional.empty();
                }
                String id = tag(ck, 0);
                long ckSize = Integer.toUnsignedLong(ck.getInt(4));
                if (id.equals("fmt ")) {
                    ByteBuffer fmt = read(ch, pos + 8, 16);
                    if (fmt == null) {
                        return Optional.empty();
                    }
                    // the header's own byte rate: right for PCM and for compressed data (ADPCM, GSM, MP3 in WAV) alike
                    bytesPerSecond = Integer.toUnsignedLong(fmt.getInt(8));
                } else if (id.equals("data")) {
                    if (bytesPerSecond <= 0 || ckSize == 0 || ckSize == 0xFFFFFFFFL) {
                        return Optional.empty();
                    }
                    long held = size - (pos + 8);
                    if (ckSize - held > bytesPerSecond / 10) {
                        return Optional.of(String.format(Locale.ROOT, "the WAV header declares %.2f s of audio, the "
                                + "file holds %.2f s: the file was cut short (the missing %.2f s are not analysed)",
                                ckSize / (double) bytesPerSecond, held / (double) bytesPerSecond,
                                (ckSize - held) / (double) bytesPerSecond));
                    }
                    return Optional.empty();
                }
                pos += 8 + ckSize + (ckSize & 1); // chunks are padded to an even size
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // the decoder reports unreadable input itself
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                return null;
            }
        }
        return b.flip();
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }
}
