package io.emotrace.web.live;

import java.util.Locale;

/**
 * The raw PCM a live client announces in {@code live.start}: any rate from 8 to 48 kHz, signed 16-bit or 32-bit
 * float little-endian, mono or interleaved stereo.
 */
public record LiveFormat(int sampleRate, Encoding encoding, int channels) {
    public static final int MIN_RATE = 8_000;
    public static final int MAX_RATE = 48_000;

    public enum Encoding {
        PCM_S16LE("pcm_s16le", 2), PCM_F32LE("pcm_f32le", 4);

        public final String wire;
        public final int bytes;

        Encoding(String wire, int bytes) {
            this.wire = wire;
            this.bytes = bytes;
        }

        static Encoding parse(String s) {
            for (Encoding e : values()) {
                if (e.wire.equals(s)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** Thrown for an announced format the server does not take; {@code code} goes into the error frame. */
    public static final class Refused extends Exception {
        public final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    public static LiveFormat of(Object rate, Object encoding, Object channels) throws Refused {
        if (!(rate instanceof Number r) || r.doubleValue() != Math.rint(r.doubleValue())
                || r.doubleValue() < MIN_RATE || r.doubleValue() > MAX_RATE) {
            throw new Refused("live.bad_rate", "\"sampleRate\" must be an integer from " + MIN_RATE + " to " + MAX_RATE
                    + " Hz");
        }
        Encoding e = encoding instanceof String s ? Encoding.parse(s) : null;
        if (e == null) {
            throw new Refused("live.bad_encoding", "\"encoding\" must be \"pcm_s16le\" or \"pcm_f32le\"");
        }
        if (!(channels instanceof Number c) || c.doubleValue() != 1 && c.doubleValue() != 2) {
            throw new Refused("live.bad_channels", "\"channels\" must be 1 or 2");
        }
        return new LiveFormat(r.intValue(), e, ((Number) channels).intValue());
    }

    /** Bytes of one sample frame (all channels). */
    public int frameBytes() {
        return encoding.bytes * channels;
    }

    public double bytesPerSecond() {
        return (double) frameBytes() * sampleRate;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %d Hz %d ch", encoding.wire, sampleRate, channels);
    }
}
