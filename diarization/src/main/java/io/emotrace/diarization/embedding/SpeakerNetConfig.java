package io.emotrace.diarization.embedding;

/**
 * Shape of the project's speaker network (stored beside the weights as {@code model.json} so a loader builds the
 * same graph before reading parameters).
 *
 * @param melBins     input fbank bins (80)
 * @param channels    width of the TDNN blocks
 * @param dilations   one SE-TDNN block per dilation
 * @param mfaChannels width after multi-layer feature aggregation
 * @param attention   hidden width of the attentive statistics pooling
 * @param embedDim    embedding dimension
 * @param frontStride time stride of the front layer (2 halves the frame rate, and the cost, of everything after it)
 * @param cepstra     0: the network reads the fbank as it is; N (1..melBins-1): each frame is first smoothed across
 *                    frequency by keeping its N lowest cepstral coefficients (DCT-II of the log-mel bins), which
 *                    removes the harmonic ripple of the voice's pitch and keeps the vocal tract's envelope
 */
public record SpeakerNetConfig(int melBins, int channels, int[] dilations, int mfaChannels, int attention, int embedDim,
        int frontStride, int cepstra) {
    public SpeakerNetConfig {
        if (melBins <= 0 || channels <= 0 || dilations == null || dilations.length == 0 || mfaChannels <= 0
                || attention <= 0 || embedDim <= 0 || frontStride <= 0 || cepstra < 0 || cepstra >= melBins) {
            throw new IllegalArgumentException("invalid speaker network shape");
        }
        dilations = dilations.clone();
    }

    /** A network that reads the fbank unsmoothed. */
    public SpeakerNetConfig(int melBins, int channels, int[] dilations, int mfaChannels, int attention, int embedDim,
            int frontStride) {
        this(melBins, channels, dilations, mfaChannels, attention, embedDim, frontStride, 0);
    }

    /** The same network reading frames smoothed to {@code n} cepstral coefficients (0 = unsmoothed). */
    public SpeakerNetConfig withCepstra(int n) {
        return new SpeakerNetConfig(melBins, channels, dilations, mfaChannels, attention, embedDim, frontStride, n);
    }

    /**
     * The shipped size: ~0.66 M parameters (2.6 MB), 20 ms frames after the front layer; a 1.5 s crop costs
     * ~70 MFLOP.
     */
    public static SpeakerNetConfig compact() {
        return ofWidth(128);
    }

    /**
     * The shipped layout at another TDNN width (MFA 3x the width, attention half of it); the cost of a crop grows
     * about with the square of the width (256: ~3.8x the compact network).
     */
    public static SpeakerNetConfig ofWidth(int channels) {
        return new SpeakerNetConfig(80, channels, new int[] {2, 3, 4}, 3 * channels, Math.max(16, channels / 2), 192, 2);
    }

    @Override
    public int[] dilations() {
        return dilations.clone();
    }
}
