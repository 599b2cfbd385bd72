package io.emotrace.emotion.embedded;

/**
 * What travels beside the weights ({@code model.json}): the architecture sizes needed to rebuild the network,
 * the front-end, the calibrated {@code other} bound and a free-text origin.
 *
 * @param otherBelow top 7-class probability under which the answer is {@code other} (chosen on validation folds)
 * @param blocks residual dilated blocks of {@link EmotionNet}; 0 (absent in cards written before it existed) means 2
 * @param temperature confidence calibration: the runtime softmax is over {@code logits / temperature}; 0 (absent) or
 *     1 = none. Fitted on held-out validation speakers (see {@code bench emotion --loco}, docs/emotion.md); the
 *     {@code otherBelow} bound applies to the scaled probabilities.
 * @param featureNorm the {@link FeatureNorm} the model was trained with, by name; null (absent in older cards) means
 *     {@link FeatureNorm#CLIP_LEVEL}
 * @param prosody the network also hears the pitch track ({@link io.emotrace.features.PitchTrack}): each frame's row
 *     holds the 80 fbank bins, then log-F0 and voicing, zero-padded to {@code bins} ({@link FbankPrep#withPitch});
 *     false (absent in older cards): the fbank alone
 * @param pitchTracker with {@code prosody}: the {@link io.emotrace.features.PitchTrack} tracker the model was trained
 *     on; 0 (absent in cards written before the second) means {@link io.emotrace.features.PitchTrack#LEGACY}
 * @param voiceHead the file, beside the card, of a {@link VoiceHead} on the speaker network's statistics fused with
 *     the network; null (absent): none. Its file holds the fused answer's calibration; the card's stays the network's.
 * @param prosodyHead the file of a second head, on {@link RowStats}, fused with the voice head (null: none)
 */
public record ModelCard(int version, int bins, int channels, int embDim, String features, double frameRate,
        double otherBelow, String origin, int blocks, double temperature, String featureNorm, boolean prosody,
        int pitchTracker, String voiceHead, String prosodyHead) {
    /** A card with at most a voice head. */
    public ModelCard(int version, int bins, int channels, int embDim, String features, double frameRate,
            double otherBelow, String origin, int blocks, double temperature, String featureNorm, boolean prosody,
            int pitchTracker, String voiceHead) {
        this(version, bins, channels, embDim, features, frameRate, otherBelow, origin, blocks, temperature, featureNorm,
                prosody, pitchTracker, voiceHead, null);
    }

    /** A card without a voice head. */
    public ModelCard(int version, int bins, int channels, int embDim, String features, double frameRate,
            double otherBelow, String origin, int blocks, double temperature, String featureNorm, boolean prosody,
            int pitchTracker) {
        this(version, bins, channels, embDim, features, frameRate, otherBelow, origin, blocks, temperature, featureNorm,
                prosody, pitchTracker, null);
    }

    /** A card of the first pitch tracker, or without the pitch track. */
    public ModelCard(int version, int bins, int channels, int embDim, String features, double frameRate,
            double otherBelow, String origin, int blocks, double temperature, String featureNorm, boolean prosody) {
        this(version, bins, channels, embDim, features, frameRate, otherBelow, origin, blocks, temperature, featureNorm,
                prosody, 0);
    }

    /** A card without the pitch track. */
    public ModelCard(int version, int bins, int channels, int embDim, String features, double frameRate,
            double otherBelow, String origin, int blocks, double temperature, String featureNorm) {
        this(version, bins, channels, embDim, features, frameRate, otherBelow, origin, blocks, temperature, featureNorm,
                false);
    }

    /** A card without temperature scaling, clip-level normalisation. */
    public ModelCard(int version, int bins, int channels, int embDim, String features, double frameRate,
            double otherBelow, String origin, int blocks) {
        this(version, bins, channels, embDim, features, frameRate, otherBelow, origin, blocks, 0, null);
    }

    /** The normalisation to apply before the network ({@link FeatureNorm#CLIP_LEVEL} when the card names none). */
    public FeatureNorm norm() {
        return featureNorm == null || featureNorm.isBlank() ? FeatureNorm.CLIP_LEVEL : FeatureNorm.valueOf(featureNorm);
    }

    /** The divisor of the logits: {@code temperature}, or 1 when absent. */
    public double logitScale() {
        return temperature > 0 ? temperature : 1.0;
    }

    /** The pitch tracker whose values the network reads (with {@code prosody}). */
    public int tracker() {
        return pitchTracker == 0 ? io.emotrace.features.PitchTrack.LEGACY : pitchTracker;
    }

    /** The block count to build, {@code blocks} or 2 for cards that predate the field. */
    public int blockCount() {
        return blocks == 0 ? 2 : blocks;
    }

    public static final int VERSION = 1;
    /**
     * Cards of models that hear the pitch track: a build that predates the field would otherwise read such a card,
     * feed fbank rows alone to a network of wider rows, and answer wrongly without an error; it refuses version 2.
     */
    public static final int VERSION_PROSODY = 2;
    /** Cards of models trained on the second pitch tracker: an older build would feed them the first one's values. */
    public static final int VERSION_PITCH2 = 3;

    /**
     * Cards of models fused with a {@link VoiceHead}: an older build would answer with the network alone under a
     * temperature and {@code other} bound fitted to the fused answer.
     */
    public static final int VERSION_VOICE_HEAD = 4;

    /** The version to write for a card with or without a voice head. */
    public static int versionFor(boolean prosody, int tracker, boolean voiceHead) {
        return voiceHead ? VERSION_VOICE_HEAD : versionFor(prosody, tracker);
    }

    /** The version to write for a card with or without the pitch track (of tracker {@code tracker}). */
    public static int versionFor(boolean prosody, int tracker) {
        if (!prosody) {
            return VERSION;
        }
        // 0 is how a card says "the first tracker" (the field is absent from older cards)
        return tracker == 0 || tracker == io.emotrace.features.PitchTrack.LEGACY ? VERSION_PROSODY : VERSION_PITCH2;
    }
    public static final String FEATURES = "kaldi-fbank-80 (25 ms / 10 ms, native fused kernel), clip mean removed";
    public static final String FEATURES_WITH_PITCH = FEATURES + "; + log-F0 (octaves re 100 Hz) and voicing per frame "
            + "(NCCF at 8 kHz), zero-padded";
}
