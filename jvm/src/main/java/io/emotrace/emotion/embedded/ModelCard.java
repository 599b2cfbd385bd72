package io.emotrace.emotion.embedded;

/**
 * What travels beside the weights ({@code model.json}): the architecture sizes needed to rebuild the network,
 * the front-end, the calibrated {@code other} bound and a free-text origin.
 *
 * @param otherBelow top 7-class probability under which the answer is {@code other} (chosen on validation folds)
 * @param blocks residual dilated blocks of {@link EmotionNet}; 0 (absent in cards written before it existed) means 2
 */
public record ModelCard(int version, int bins, int channels, int embDim, String features, double frameRate,
        double otherBelow, String origin, int blocks) {
    /** The block count to build, {@code blocks} or 2 for cards that predate the field. */
    public int blockCount() {
        return blocks == 0 ? 2 : blocks;
    }

    public static final int VERSION = 1;
    public static final String FEATURES = "kaldi-fbank-80 (25 ms / 10 ms, native fused kernel), clip mean removed";
}
