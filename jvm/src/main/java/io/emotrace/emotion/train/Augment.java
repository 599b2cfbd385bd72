package io.emotrace.emotion.train;

import java.util.Random;

/**
 * Training-time views of a cached fbank (row-major [frames][bins], natural-log mel power), all done on the
 * features so epochs need no decoding:
 * <ul>
 *   <li>tempo: a crop of {@code len * r} frames (r in [0.9, 1.1]) resampled to {@code len} frames (speed);</li>
 *   <li>noise (30% of crops): a flat-spectrum noise floor added in the power domain at 5-30 dB under the crop's mean power;</li>
 *   <li>SpecAugment: two frequency masks (up to 8 bins) and two time masks (up to 10% of the crop).</li>
 * </ul>
 * Gain needs no augmentation: {@link io.emotrace.emotion.embedded.FbankPrep} removes the clip's mean level.
 * Clips shorter than the crop are looped, as a sliding window over a short clip would see them repeated.
 */
public final class Augment {
    private Augment() {
    }

    /** A {@code len}-frame crop, augmented when {@code rnd} is non-null, else the centred crop as is. */
    public static float[] crop(float[] fb, int frames, int bins, int len, Random rnd) {
        double rate = rnd == null ? 1.0 : 0.9 + 0.2 * rnd.nextDouble();
        int srcLen = Math.max(1, (int) Math.round(len * rate));
        int start;
        if (frames > srcLen) {
            start = rnd == null ? (frames - srcLen) / 2 : rnd.nextInt(frames - srcLen + 1);
        } else {
            start = rnd == null ? 0 : rnd.nextInt(Math.max(1, frames));
        }
        float[] out = new float[len * bins];
        for (int t = 0; t < len; t++) {
            double pos = start + t * (srcLen / (double) len);
            int i0 = (int) Math.floor(pos);
            double w = pos - i0;
            int a = Math.floorMod(i0, frames);
            int b = Math.floorMod(i0 + 1, frames);
            for (int k = 0; k < bins; k++) {
                out[t * bins + k] = (float) ((1 - w) * fb[a * bins + k] + w * fb[b * bins + k]);
            }
        }
        if (rnd != null) {
            if (rnd.nextDouble() < 0.3) {
                addNoise(out, bins, rnd);
            }
            specAugment(out, len, bins, rnd);
        }
        return out;
    }

    /**
     * Vocal-tract-length perturbation on the mel axis: every frame is resampled at bin {@code k * a} with one
     * factor {@code a} in [1 - maxWarp, 1 + maxWarp] for the crop (the top bin is held where a > 1), so a
     * speaker's formants move as another speaker's would; emotion cues (contours, tilt, energy) stay.
     */
    public static void warpFrequency(float[] x, int len, int bins, double maxWarp, Random rnd) {
        double a = 1 - maxWarp + 2 * maxWarp * rnd.nextDouble();
        int mel = io.emotrace.emotion.embedded.FbankPrep.melBins(bins);
        float[] row = new float[mel];
        for (int t = 0; t < len; t++) {
            System.arraycopy(x, t * bins, row, 0, mel);
            for (int k = 0; k < mel; k++) {
                double pos = Math.min(mel - 1, k * a);
                int k0 = (int) Math.floor(pos);
                int k1 = Math.min(mel - 1, k0 + 1);
                double w = pos - k0;
                x[t * bins + k] = (float) ((1 - w) * row[k0] + w * row[k1]);
            }
        }
    }

    /** Only the log-mel bins of each row ({@link io.emotrace.emotion.embedded.FbankPrep#melBins}); prosody channels stay. */
    private static void addNoise(float[] x, int bins, Random rnd) {
        // mean power in the linear domain, then a floor snr dB below it
        int mel = io.emotrace.emotion.embedded.FbankPrep.melBins(bins);
        double mean = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (i % bins < mel) {
                mean += Math.exp(x[i]);
                n++;
            }
        }
        mean /= Math.max(1, n);
        double snrDb = 5 + 25 * rnd.nextDouble();
        double floor = mean * Math.pow(10, -snrDb / 10);
        for (int i = 0; i < x.length; i++) {
            if (i % bins < mel) {
                double v = floor * (0.5 + rnd.nextDouble());
                x[i] = (float) Math.log(Math.exp(x[i]) + v);
            }
        }
    }

    private static void specAugment(float[] x, int len, int bins, Random rnd) {
        int mel = io.emotrace.emotion.embedded.FbankPrep.melBins(bins);
        float mean = 0;
        for (int t = 0; t < len; t++) {
            for (int k = 0; k < mel; k++) {
                mean += x[t * bins + k];
            }
        }
        mean /= (float) len * mel;
        for (int m = 0; m < 2; m++) {
            int w = rnd.nextInt(9);
            int f0 = rnd.nextInt(mel - w + 1);
            for (int t = 0; t < len; t++) {
                for (int k = f0; k < f0 + w; k++) {
                    x[t * bins + k] = mean;
                }
            }
            int tw = rnd.nextInt(Math.max(1, len / 10) + 1);
            int t0 = rnd.nextInt(len - tw + 1);
            for (int t = t0; t < t0 + tw; t++) {
                for (int k = 0; k < bins; k++) {
                    x[t * bins + k] = k < mel ? mean : 0f; // pitch channels of a masked frame: 0 (the speaker's mean
                    // after speaker normalisation; "100 Hz, unvoiced" without it)
                }
            }
        }
    }
}
