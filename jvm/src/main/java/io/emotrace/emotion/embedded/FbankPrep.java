package io.emotrace.emotion.embedded;

/**
 * Per-utterance normalisation of fbank frames shared by training and runtime: the clip's mean log energy
 * (one scalar over all bins and frames) is removed so gain does not matter, while the spectral tilt and the
 * energy contour (both emotion cues) stay; the network's input batch-norm does the per-bin scaling.
 */
public final class FbankPrep {
    private FbankPrep() {
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
