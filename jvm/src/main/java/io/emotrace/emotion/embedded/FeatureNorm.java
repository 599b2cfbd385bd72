package io.emotrace.emotion.embedded;

/**
 * What is removed from the fbank of a clip before the network sees it. Every model is trained and run with one of
 * these; {@link FbankPrep#toChannels} always removes the clip's remaining mean level afterwards.
 */
public enum FeatureNorm {
    /** Only the clip's mean log energy (one scalar): gain does not matter, tilt and contour stay. */
    CLIP_LEVEL("", "clip level"),
    /** The clip's own per-bin mean (cepstral-mean-style): the channel's and the voice's average spectrum go too. */
    CLIP_BINS("clipbins|", "clip per-bin mean"),
    /** The speaker's per-bin mean over all of that speaker's clips (needs several clips of one voice). */
    SPEAKER_BINS("spknorm|", "speaker per-bin mean");

    private final String key;
    private final String label;

    FeatureNorm(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** A fragment of a checkpoint key ("" for the original recipe, so its checkpoints stay valid). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Removes each bin's mean over the frames of one clip, in place (row-major [frames][bins]). */
    public static void removeBinMeans(float[] fbank, int frames, int bins) {
        subtract(fbank, frames, bins, binMeans(fbank, 0, frames, bins));
    }

    /** Adds each bin's values over frames [from, to) into {@code sums} (row-major [frames][bins]). */
    public static void addBinSums(float[] fbank, int from, int to, int bins, double[] sums) {
        for (int t = from; t < to; t++) {
            for (int b = 0; b < bins; b++) {
                sums[b] += fbank[t * bins + b];
            }
        }
    }

    /** Each bin's mean over frames [from, to) (zeros when the range is empty). */
    public static float[] binMeans(float[] fbank, int from, int to, int bins) {
        double[] sum = new double[bins];
        addBinSums(fbank, from, to, bins, sum);
        float[] mean = new float[bins];
        for (int b = 0; b < bins && to > from; b++) {
            mean[b] = (float) (sum[b] / (to - from));
        }
        return mean;
    }

    /** Subtracts {@code means[b]} from bin b of every frame, in place. */
    public static void subtract(float[] fbank, int frames, int bins, float[] means) {
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < bins; b++) {
                fbank[t * bins + b] -= means[b];
            }
        }
    }
}
