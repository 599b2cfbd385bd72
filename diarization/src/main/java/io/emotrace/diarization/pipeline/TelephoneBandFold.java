package io.emotrace.diarization.pipeline;

import io.emotrace.audio.AudioSource;

/**
 * What the segmentation model hears of a telephone-band recording: the recording plus its mirror image about 4 kHz,
 * {@link #GAIN_DB} down. At 16 kHz, sample n times (-1)^n moves frequency f to 8000 - f, so the 300-3400 Hz band
 * reappears at 4600-7700 Hz with the speech's own timing, where a call has nothing. The model was trained on wideband
 * speech and gives much of a call's speech a speech probability under its threshold; with the mirror it finds more of
 * it (docs/diarization.md, "Telephone speech the segmentation model hears"). The speaker embeddings read the recording
 * itself (their network trained on telephone-band copies), and so does Silero, which hears less with the mirror.
 */
public final class TelephoneBandFold extends AudioView {
    /** -12 dB, chosen with {@code bench segmentation} on the tuning calls (tel-tune): -9 to -18 dB is a plateau. */
    public static final double GAIN_DB = -12;

    private final float even;
    private final float odd;

    private TelephoneBandFold(AudioSource inner, double gainDb) {
        super(inner);
        float g = (float) Math.pow(10, gainDb / 20);
        this.even = 1 + g; // x + g (-1)^n x
        this.odd = 1 - g;
    }

    /** {@code audio} with its mirror {@code gainDb} down; the caller still owns {@code audio}. */
    public static TelephoneBandFold of(AudioSource audio, double gainDb) {
        return new TelephoneBandFold(audio, gainDb);
    }

    @Override
    void change(long start, float[] dst, int off, int count) {
        for (int i = 0; i < count; i++) {
            dst[off + i] *= ((start + i) & 1) == 0 ? even : odd;
        }
    }
}
