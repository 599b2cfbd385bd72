package io.emotrace.audio;

import java.nio.file.Path;

/** Opens any supported audio file as a 16 kHz mono stream. */
public interface AudioDecoder {
    AudioStream open(Path file) throws UnsupportedAudioException;

    /** Decodes the whole file into memory; only for callers that know the input is short. */
    default float[] decodeAll(Path file) throws UnsupportedAudioException {
        try (AudioStream in = open(file)) {
            float[] buf = new float[1 << 16];
            float[] out = new float[1 << 16];
            int n = 0;
            for (int r; (r = in.read(buf, 0, buf.length)) >= 0; ) {
                if (n + r > out.length) {
                    out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, n + r));
                }
                System.arraycopy(buf, 0, out, n, r);
                n += r;
            }
            return java.util.Arrays.copyOf(out, n);
        }
    }
}
