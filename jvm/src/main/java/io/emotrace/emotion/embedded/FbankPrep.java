package io.emotrace.emotion.embedded;

/**
 * Per-utterance normalisation of fbank frames shared by training and runtime: the clip's mean log energy
 * (one scalar over all bins and frames) is removed so gain does not matter, while the spectral tilt and the
 * energy contour (both emotion cues) stay; the network's input batch-norm does the per-bin scaling.
 */
public final class FbankPrep {
    private FbankPrep() {
    }

    /** Frames whose mean log-mel is this far (natural log, about 22 dB) under the loudest frame count as silence. */
    public static final float SILENCE_BELOW_PEAK = 5f;
    private static final int EDGE_MARGIN = 10;

    /**
     * The [start, end) frames between the first and the last frame within {@link #SILENCE_BELOW_PEAK} of the
     * loudest one, plus 100 ms each side: leading and trailing silence would otherwise fill training crops
     * (RAVDESS clips carry about a second of it) and dilute the pooled statistics.
     */
    public static int[] speechSpan(float[] fbank, int frames, int bins) {
        float[] level = new float[frames];
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            float sum = 0;
            for (int b = 0; b < bins; b++) {
                sum += fbank[t * bins + b];
            }
            level[t] = sum / bins;
            max = Math.max(max, level[t]);
        }
        int first = 0;
        while (first < frames - 1 && level[first] < max - SILENCE_BELOW_PEAK) {
            first++;
        }
        int last = frames - 1;
        while (last > first && level[last] < max - SILENCE_BELOW_PEAK) {
            last--;
        }
        return new int[] {Math.max(0, first - EDGE_MARGIN), Math.min(frames, last + 1 + EDGE_MARGIN)};
    }

    /** The frames of {@link #speechSpan}, row-major. */
    public static float[] trim(float[] fbank, int frames, int bins) {
        int[] span = speechSpan(fbank, frames, bins);
        return java.util.Arrays.copyOfRange(fbank, span[0] * bins, span[1] * bins);
    }

    /** Row-major [frames][bins] in, channel-major [bins][frames] out (the network's layout), normalised. */
    public static float[] toChannels(float[] fbank, int frames, int bins) {
        double sum = 0;
        for (int i = 0; i < frames * bins; i++) {
            sum += fbank[i];
        }
        float mean = frames == 0 ? 0f : (float) (sum / ((double) frames * bins));
        float[] out = new float[frames * bins];
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < bins; b++) {
                out[b * frames + t] = fbank[t * bins + b] - mean;
            }
        }
        return out;
    }
}
