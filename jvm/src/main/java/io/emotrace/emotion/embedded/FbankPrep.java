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
    /** The log-mel bins of a frame; values after them (prosody channels) are not mel bins. */
    public static final int MEL_BINS = 80;

    /** The log-mel bins of a row of {@code bins} values (the rest, if any, are prosody channels). */
    public static int melBins(int bins) {
        return Math.min(bins, MEL_BINS);
    }
    private static final int EDGE_MARGIN = 10;

    /**
     * The [start, end) frames between the first and the last frame within {@link #SILENCE_BELOW_PEAK} of the
     * loudest one, plus 100 ms each side: leading and trailing silence would otherwise fill training crops
     * (RAVDESS clips carry about a second of it) and dilute the pooled statistics.
     */
    public static int[] speechSpan(float[] fbank, int frames, int bins) {
        int mel = melBins(bins); // the level of a frame is its log-mel bins' (prosody channels follow them)
        float[] level = new float[frames];
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            float sum = 0;
            for (int b = 0; b < mel; b++) {
                sum += fbank[t * bins + b];
            }
            level[t] = sum / mel;
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

    /**
     * Rows of {@code width} values per frame: the {@link #MEL_BINS} fbank bins, then the pitch track's channels of the
     * same frame ({@link io.emotrace.features.PitchTrack}, on the fbank's frame grid; a frame it lacks counts as 0),
     * then zeros up to {@code width} (the CPU convolution kernels take channel counts that are multiples of 16 on their
     * fast path; at 82 channels training turned NaN now and then).
     */
    public static float[] withPitch(float[] fbank, float[] pitch, int width) {
        int frames = fbank.length / MEL_BINS;
        int ch = io.emotrace.features.PitchTrack.CHANNELS;
        if (width < MEL_BINS + ch) {
            throw new IllegalArgumentException("rows of " + width + " cannot hold the pitch channels");
        }
        float[] out = new float[frames * width];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(fbank, t * MEL_BINS, out, t * width, MEL_BINS);
            if ((t + 1) * ch <= pitch.length) {
                System.arraycopy(pitch, t * ch, out, t * width + MEL_BINS, ch);
            }
        }
        return out;
    }

    /** The frames of {@link #speechSpan}, row-major. */
    public static float[] trim(float[] fbank, int frames, int bins) {
        int[] span = speechSpan(fbank, frames, bins);
        return java.util.Arrays.copyOfRange(fbank, span[0] * bins, span[1] * bins);
    }

    /**
     * Row-major [frames][bins] in, channel-major [bins][frames] out (the network's layout), normalised: the clip's
     * mean level is measured on and removed from the log-mel bins (the first {@link #MEL_BINS}) only; values after
     * them (the pitch channels of a model whose card says {@code prosody}) pass unchanged.
     */
    public static float[] toChannels(float[] fbank, int frames, int bins) {
        int level = melBins(bins);
        double sum = 0;
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < level; b++) {
                sum += fbank[t * bins + b];
            }
        }
        float mean = frames == 0 ? 0f : (float) (sum / ((double) frames * level));
        float[] out = new float[frames * bins];
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < bins; b++) {
                out[b * frames + t] = fbank[t * bins + b] - (b < level ? mean : 0f);
            }
        }
        return out;
    }
}
