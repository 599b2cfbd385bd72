package io.emotrace.audio;

import io.emotrace.domain.BandEnergy;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * How much of some speech's energy lies above 4 kHz: telephone audio (an 8 kHz call, or a 300-3400 Hz band) has
 * almost none, wideband speech a few per cent. Hann-windowed 32 ms frames, energy-weighted, so loud speech frames
 * dominate and silence does not count. The diarizer asks it of a whole recording (every 4th frame: speech statistics do
 * not need all of them), the emotion model of each voice (the sum of its clips' {@link BandEnergy}).
 */
public final class Bandwidth {
    static final int FRAME = 512;
    static final double SPLIT_HZ = 4000;

    private Bandwidth() {
    }

    /** Whether the recording is telephone-band ({@link BandEnergy#narrowband()}) and not silent. */
    public static boolean isNarrowband(AudioSource audio) {
        Scan s = scan(audio);
        return s.energy().narrowband() && s.heard();
    }

    /** Share of the spectral energy above 4 kHz (0 for silence or input at 8 kHz and below). */
    public static double highBandShare(AudioSource audio) {
        return scan(audio).energy().share();
    }

    /** A recording's band energies, and whether any sample it read rose above {@link #SILENT} (one pass). */
    private record Scan(BandEnergy energy, boolean heard) {
    }

    /** A sample's magnitude at or under which a recording counts as silent. */
    private static final float SILENT = 1e-4f;

    /** The band energies of a recording, every 4th frame (at 8 kHz and below: its energy, none above 4 kHz). */
    private static Scan scan(AudioSource audio) {
        float[] buf = new float[FRAME];
        boolean wide = audio.sampleRate() > 2 * SPLIT_HZ;
        Frames f = wide ? new Frames(audio.sampleRate()) : null;
        double e = 0;
        boolean heard = false;
        for (long pos = 0; pos + FRAME <= audio.length(); pos += 4L * FRAME) {
            audio.read(pos, buf, 0, FRAME);
            if (!heard) {
                for (float v : buf) {
                    if (Math.abs(v) > SILENT) {
                        heard = true;
                        break;
                    }
                }
            }
            if (wide) {
                f.add(buf);
            } else {
                e += sumOfSquares(buf);
            }
        }
        return new Scan(wide ? f.energy() : new BandEnergy(0, e), heard);
    }

    private static double sumOfSquares(float[] x) {
        double e = 0;
        for (float v : x) {
            e += v * (double) v;
        }
        return e;
    }

    /** The band energies of a clip at {@code sampleRate}, every frame (a clip is short). */
    public static BandEnergy energy(float[] samples, int sampleRate) {
        if (sampleRate <= 2 * SPLIT_HZ) {
            return new BandEnergy(0, sumOfSquares(samples));
        }
        Frames f = new Frames(sampleRate);
        float[] buf = new float[FRAME];
        for (int pos = 0; pos + FRAME <= samples.length; pos += FRAME) {
            System.arraycopy(samples, pos, buf, 0, FRAME);
            f.add(buf);
        }
        return f.energy();
    }

    /** The Hann window of a frame, once (a cosine per sample and frame cost more than the FFT). */
    private static final float[] HANN = new float[FRAME];

    static {
        for (int i = 0; i < FRAME; i++) {
            HANN[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
        }
    }

    /** Running sums over Hann-windowed frames. */
    private static final class Frames {
        private final FloatFFT_1D fft = new FloatFFT_1D(FRAME);
        private final int split;
        double high;
        double all;

        Frames(int sampleRate) {
            split = (int) Math.round(SPLIT_HZ * FRAME / sampleRate);
        }

        /** Adds one frame ({@code buf} is overwritten). */
        void add(float[] buf) {
            for (int i = 0; i < FRAME; i++) {
                buf[i] *= HANN[i];
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

        BandEnergy energy() {
            return new BandEnergy(high, all);
        }
    }
}
