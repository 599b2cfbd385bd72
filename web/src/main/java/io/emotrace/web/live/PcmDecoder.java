package io.emotrace.web.live;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Binary frames of a {@link LiveFormat} to mono float samples. Frames may end inside a sample (odd lengths): the
 * partial sample is carried into the next frame, never guessed. Float samples that are not finite (garbage) count
 * as invalid and become silence; all samples are clamped to [-1, 1].
 */
final class PcmDecoder {
    private final LiveFormat format;
    private final byte[] carry;
    private int carried;
    private long invalid;
    private long frames;

    PcmDecoder(LiveFormat format) {
        this.format = format;
        this.carry = new byte[format.frameBytes()];
    }

    /**
     * The whole sample frames completed by {@code data} (with the bytes carried from before); the rest is carried.
     * What is written to disk and decoded.
     */
    byte[] align(byte[] data) {
        int fb = format.frameBytes();
        int total = carried + data.length;
        int whole = total / fb * fb;
        byte[] out = new byte[whole];
        int fromCarry = Math.min(carried, whole);
        System.arraycopy(carry, 0, out, 0, fromCarry);
        int fromData = whole - fromCarry;
        System.arraycopy(data, 0, out, fromCarry, fromData);
        // what is left: the carried bytes not used (only when nothing was whole) and the tail of data
        byte[] rest = new byte[total - whole];
        int r = 0;
        for (int i = fromCarry; i < carried; i++) {
            rest[r++] = carry[i];
        }
        for (int i = fromData; i < data.length; i++) {
            rest[r++] = data[i];
        }
        System.arraycopy(rest, 0, carry, 0, rest.length);
        carried = rest.length;
        return out;
    }

    /** The mono samples of whole frames (from {@link #align}). */
    float[] decodeAligned(byte[] data) {
        int fb = format.frameBytes();
        int n = data.length / fb;
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(data, 0, n * fb).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int c = 0; c < format.channels(); c++) {
                double v;
                if (format.encoding() == LiveFormat.Encoding.PCM_S16LE) {
                    v = b.getShort() / 32768.0;
                } else {
                    float f = b.getFloat();
                    if (!Float.isFinite(f)) {
                        invalid++;
                        f = 0;
                    }
                    v = Math.max(-1, Math.min(1, f));
                }
                sum += v;
            }
            out[i] = (float) (sum / format.channels());
        }
        frames += n;
        return out;
    }

    /** The mono samples completed by {@code data} (align, then decode); never null. */
    float[] decode(byte[] data) {
        return decodeAligned(align(data));
    }

    /** Bytes of an incomplete sample frame held for the next binary frame. */
    int pendingBytes() {
        return carried;
    }

    long invalidSamples() {
        return invalid;
    }

    long frames() {
        return frames;
    }
}
