package io.emotrace.diarization.pipeline;

import io.emotrace.audio.AudioSource;

/**
 * The input scaled by one gain so that its loud speech frames sit at a fixed level. pyannote segmentation and
 * Silero are level-sensitive: quiet far-field recordings (AMI trn01/trn02 excerpts) come out as no speech at
 * all. The gain is measured in one streaming pass (a histogram of 20 ms frame levels, so hours of audio cost a
 * few KB): the {@link #LOUD_PERCENTILE} frame level of the non-silent frames is brought to {@link #TARGET_DBFS}.
 * It is capped at {@link #MAX_GAIN_DB} and by the peaks, so near-silence and noise are not blown up into speech
 * and speech is not clipped. One gain for the whole stream keeps relative levels between speakers intact.
 */
public final class LevelNormalizedAudio extends AudioView {
    static final double TARGET_DBFS = -20.0;
    static final double LOUD_PERCENTILE = 0.95;
    static final double MAX_GAIN_DB = 30.0;
    static final double MIN_GAIN_DB = -12.0;
    /** Frames quieter than this are digital silence or dither and say nothing about the speech level. */
    static final double FLOOR_DBFS = -80.0;
    /** Highest frame peak (99.9th percentile) allowed after the gain: headroom against clipping. */
    static final double PEAK_LIMIT = 0.98;
    private static final int FRAME = 320;
    private static final int CHUNK = FRAME * 500;
    private static final double BIN_DB = 0.25;
    private static final int BINS = (int) (-FLOOR_DBFS / BIN_DB) + 1;

    private final float gain;

    private LevelNormalizedAudio(AudioSource inner, float gain) {
        super(inner);
        this.gain = gain;
    }

    /** The source normalised (the same object when it already is); the caller still owns {@code audio}. */
    public static LevelNormalizedAudio of(AudioSource audio) {
        if (audio instanceof LevelNormalizedAudio n) {
            return n;
        }
        return new LevelNormalizedAudio(audio, (float) Math.pow(10, gainDb(audio) / 20));
    }

    /** The gain in dB this class applies to {@code audio}: 0 when it holds nothing above the floor. */
    public static double gainDb(AudioSource audio) {
        long[] rmsHist = new long[BINS];
        long[] peakHist = new long[BINS];
        long counted = 0;
        float[] buf = new float[CHUNK];
        for (long pos = 0; pos < audio.length(); pos += CHUNK) {
            int n = (int) Math.min(CHUNK, audio.length() - pos);
            audio.read(pos, buf, 0, n);
            for (int f = 0; f + FRAME <= n; f += FRAME) {
                double sum = 0;
                float peak = 0;
                for (int i = f; i < f + FRAME; i++) {
                    sum += buf[i] * (double) buf[i];
                    peak = Math.max(peak, Math.abs(buf[i]));
                }
                double db = 10 * Math.log10(sum / FRAME + 1e-20);
                if (db <= FLOOR_DBFS) {
                    continue;
                }
                rmsHist[bin(db)]++;
                peakHist[bin(20 * Math.log10(peak + 1e-20))]++;
                counted++;
            }
        }
        if (counted == 0) {
            return 0;
        }
        double loud = percentile(rmsHist, counted, LOUD_PERCENTILE);
        double peak = percentile(peakHist, counted, 0.999);
        double g = Math.min(TARGET_DBFS - loud, 20 * Math.log10(PEAK_LIMIT) - peak);
        return Math.max(MIN_GAIN_DB, Math.min(MAX_GAIN_DB, g));
    }

    private static int bin(double db) {
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor((db - FLOOR_DBFS) / BIN_DB)));
    }

    private static double percentile(long[] hist, long total, double p) {
        long need = (long) Math.ceil(p * total);
        long acc = 0;
        for (int b = 0; b < hist.length; b++) {
            acc += hist[b];
            if (acc >= need) {
                return FLOOR_DBFS + (b + 1) * BIN_DB;
            }
        }
        return 0;
    }

    public float gain() {
        return gain;
    }

    @Override
    void change(long start, float[] dst, int off, int count) {
        if (gain != 1f) {
            for (int i = off; i < off + count; i++) {
                dst[i] *= gain;
            }
        }
    }
}
