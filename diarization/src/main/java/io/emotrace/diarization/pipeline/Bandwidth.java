package io.emotrace.diarization.pipeline;

import io.emotrace.audio.AudioSource;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * How much of a recording's energy lies above 4 kHz: telephone audio (an 8 kHz call, or a 300-3400 Hz band) has
 * almost none, wideband speech a few per cent. One streaming pass over 32 ms frames (every 4th frame: speech
 * statistics do not need all of them), energy-weighted, so loud speech frames dominate and silence does not count.
 */
public final class Bandwidth {
    static final int FRAME = 512;
    static final double SPLIT_HZ = 4000;

    /**
     * Below this share of energy above 4 kHz a recording is telephone-band: simulated calls (300-3400 Hz, mu-law)
     * measure 0.009 %, the AMI excerpts 0.057-1.2 %, simulated wideband meetings 0.6-18 %.
     */
    public static final double NARROWBAND_SHARE = 2.5e-4;

    private Bandwidth() {
    }

    /** Whether the recording is telephone-band (and not silent). */
    public static boolean isNarrowband(AudioSource audio) {
        double share = highBandShare(audio);
        return share >= 0 && share < NARROWBAND_SHARE && hasEnergy(audio);
    }

    private static boolean hasEnergy(AudioSource audio) {
        float[] buf = new float[FRAME];
        for (long pos = 0; pos + FRAME <= audio.length(); pos += 4L * FRAME) {
            audio.read(pos, buf, 0, FRAME);
            for (float v : buf) {
                if (Math.abs(v) > 1e-4f) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Share of the spectral energy above 4 kHz (0 for silence or input at 8 kHz and below). */
    public static double highBandShare(AudioSource audio) {
        if (audio.sampleRate() <= 2 * SPLIT_HZ) {
            return 0;
        }
        FloatFFT_1D fft = new FloatFFT_1D(FRAME);
        float[] buf = new float[FRAME];
        int split = (int) Math.round(SPLIT_HZ * FRAME / audio.sampleRate());
        double high = 0;
        double all = 0;
        for (long pos = 0; pos + FRAME <= audio.length(); pos += 4L * FRAME) {
            audio.read(pos, buf, 0, FRAME);
            for (int i = 0; i < FRAME; i++) {
                buf[i] *= (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME)); // Hann
            }
            fft.realForward(buf);
            for (int k = 1; k < FRAME / 2; k++) {
                double p = buf[2 * k] * (double) buf[2 * k] + buf[2 * k + 1] * (double) buf[2 * k + 1];
                all += p;
                if (k >= split) {
                    high += p;
                }
            }
        }
        return all > 0 ? high / all : 0;
    }
}
