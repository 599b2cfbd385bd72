package io.emotrace.diarization.pipeline;

import io.emotrace.segmentation.PyannoteSegmentation;
import java.util.List;

/**
 * The frame-level number of simultaneous speakers that the segmentation windows alone give, before any speaker
 * labels: the quantity the diarization timeline ({@link TimelineBuilder}) fills with speakers. With the
 * {@link Options#shipped shipped} options it counts exactly as the pipeline does (per window: a frame is speech
 * when 1 - P(none) reaches the threshold, its speakers are the best non-empty powerset class, local speakers with
 * less than {@code minEmbedSeconds} of activity are dropped; across windows: the Hamming-weighted mean of the
 * local counts, rounded). The other options exist to measure what each step costs ({@code bench segmentation}).
 */
public final class SegmentationFrames {
    /** Powerset classes 1..6 hold 1, 1, 1, 2, 2, 2 speakers. */
    private static final int[] CLASS_SIZE = {0, 1, 1, 1, 2, 2, 2};

    private SegmentationFrames() {
    }

    /**
     * @param onset           a window's frame turns speech when 1 - P(none) reaches this
     * @param offset          ... and stays speech while it stays at or above this (hysteresis; = onset for none)
     * @param hamming         Hamming weights across each window (trust window centres), else uniform
     * @param edgeFrames      this many frames at each end of a window weigh 1/1000: they only decide where no
     *                        other window's inner frames reach
     * @param minSpeakerSeconds a local speaker with less activity in a window is dropped (the pipeline does not
     *                        embed it: {@code DiarizationSettings.minEmbedSeconds})
     * @param countCut        n speakers once the weighted mean local count reaches n - 1 + countCut (0.5 = rounding)
     * @param soft            decide speech on the weighted mean of P(speech) over the covering windows (onset /
     *                        offset hysteresis along the recording), and the count as the weighted mean size of the
     *                        best non-empty class (at least 1), instead of averaging per-window hard counts
     * @param gapFillSeconds  silent gaps shorter than this between speech get the smaller neighbouring count
     * @param pairShare       0: a speech frame's speakers are the most probable non-empty class (shipped); else two
     *                        speakers when the two-speaker classes hold at least this share of the speech mass
     *                        (then the best pair, else the best single speaker)
     * @param padSeconds      each run of speech is extended by this much on both sides (into silence only)
     */
    public record Options(double onset, double offset, boolean hamming, int edgeFrames, double minSpeakerSeconds,
            double countCut, boolean soft, double gapFillSeconds, double pairShare, double padSeconds) {
        public Options {
            if (!(onset > 0 && onset < 1) || !(offset > 0) || offset > onset || edgeFrames < 0
                    || edgeFrames * 2 >= PyannoteSegmentation.FRAMES || !(countCut > 0 && countCut <= 1)
                    || minSpeakerSeconds < 0 || gapFillSeconds < 0 || pairShare < 0 || pairShare >= 1 || padSeconds < 0) {
                throw new IllegalArgumentException("bad segmentation-frame options");
            }
        }

        /** What the pipeline does with {@code s} (same-speaker gap filling approximated as silent-gap filling). */
        public static Options shipped(DiarizationSettings s) {
            return new Options(s.speechThreshold(), s.speechOffset(), !s.uniformWeights(), 0, s.minEmbedSeconds(), 0.5, false,
                    s.minGapSeconds(), s.pairShare(), 0);
        }

        public Options withOnsetOffset(double on, double off) {
            return new Options(on, off, hamming, edgeFrames, minSpeakerSeconds, countCut, soft, gapFillSeconds, pairShare, padSeconds);
        }

        public Options withHamming(boolean h) {
            return new Options(onset, offset, h, edgeFrames, minSpeakerSeconds, countCut, soft, gapFillSeconds, pairShare, padSeconds);
        }

        public Options withEdgeFrames(int e) {
            return new Options(onset, offset, hamming, e, minSpeakerSeconds, countCut, soft, gapFillSeconds, pairShare, padSeconds);
        }

        public Options withMinSpeakerSeconds(double m) {
            return new Options(onset, offset, hamming, edgeFrames, m, countCut, soft, gapFillSeconds, pairShare, padSeconds);
        }

        public Options withCountCut(double c) {
            return new Options(onset, offset, hamming, edgeFrames, minSpeakerSeconds, c, soft, gapFillSeconds, pairShare, padSeconds);
        }

        public Options withSoft(boolean s) {
            return new Options(onset, offset, hamming, edgeFrames, minSpeakerSeconds, countCut, s, gapFillSeconds, pairShare, padSeconds);
        }

        public Options withPairShare(double p) {
            return new Options(onset, offset, hamming, edgeFrames, minSpeakerSeconds, countCut, soft, gapFillSeconds, p, padSeconds);
        }

        public Options withPad(double p) {
            return new Options(onset, offset, hamming, edgeFrames, minSpeakerSeconds, countCut, soft, gapFillSeconds,
                    pairShare, p);
        }

        public Options withGapFill(double g) {
            return new Options(onset, offset, hamming, edgeFrames, minSpeakerSeconds, countCut, soft, g, pairShare, padSeconds);
        }
    }

    /** The pipeline's frame-aligned window starts for a recording of {@code length} samples. */
    public static List<Long> windowStarts(long length, double hopSeconds) {
        return SegmentationEvidence.windowStarts(length, hopSeconds, null);
    }

    /** One window's local-speaker bit masks per frame (bit s = local speaker s), as the pipeline decides them. */
    public static byte[] windowBits(float[][] classProbabilities, Options o) {
        int n = classProbabilities.length;
        byte[] bits = new byte[n];
        boolean on = false;
        for (int f = 0; f < n; f++) {
            double p = 1.0 - classProbabilities[f][0];
            on = on ? p >= o.offset() : p >= o.onset();
            bits[f] = on ? SegmentationEvidence.CLASS_BITS[speechClass(classProbabilities[f], o.pairShare())] : 0;
        }
        double frameSec = FrameGrid.seconds(1);
        for (int spk = 0; spk < PyannoteSegmentation.SPEAKERS; spk++) {
            int active = 0;
            for (byte b : bits) {
                active += b >> spk & 1;
            }
            if (active * frameSec < o.minSpeakerSeconds()) {
                for (int f = 0; f < n; f++) {
                    bits[f] &= (byte) ~(1 << spk);
                }
            }
        }
        return bits;
    }

    /** The speakers of a speech frame: the best non-empty class, or (pairShare > 0) count first, then class. */
    static int speechClass(float[] c, double pairShare) {
        if (pairShare <= 0) {
            return bestSpeechClass(c);
        }
        double pairs = c[4] + c[5] + c[6];
        double speech = pairs + c[1] + c[2] + c[3];
        int from = pairs >= pairShare * speech ? 4 : 1;
        int best = from;
        for (int k = from + 1; k < from + 3; k++) {
            if (c[k] > c[best]) {
                best = k;
            }
        }
        return best;
    }

    static int bestSpeechClass(float[] c) {
        int best = 1;
        for (int k = 2; k < c.length; k++) {
            if (c[k] > c[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Weight of frame i of an n-frame window. */
    static float weight(int i, int n, Options o) {
        float w = o.hamming() ? (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * (i + 0.5) / n)) : 1f;
        return i < o.edgeFrames() || i >= n - o.edgeFrames() ? w * 1e-3f : w;
    }

    /**
     * Speakers per global frame (frame g covers samples [g·270, (g+1)·270)) of a recording of {@code totalFrames}
     * frames, from its windows (any order; window starts are multiples of 270 samples).
     */
    public static int[] counts(List<PyannoteSegmentation.Window> windows, long totalFrames, Options o) {
        int total = (int) totalFrames;
        double[] countSum = new double[total];
        double[] weightSum = new double[total];
        double[] speechSum = new double[total];
        double[] sizeSum = new double[total];
        double[] sizeWeight = new double[total];
        for (PyannoteSegmentation.Window w : windows) {
            float[][] cls = w.classProbabilities();
            int n = cls.length;
            byte[] bits = windowBits(cls, o);
            long start = w.startSample() / FrameGrid.STEP + FrameGrid.SEGMENTATION_OFFSET;
            for (int i = 0; i < n; i++) {
                long g = start + i;
                if (g < 0 || g >= total) {
                    continue;
                }
                int gi = (int) g;
                float wt = weight(i, n, o);
                weightSum[gi] += wt;
                countSum[gi] += wt * Integer.bitCount(bits[i]);
                speechSum[gi] += wt * (1.0 - cls[i][0]);
                if (bits[i] != 0) {
                    sizeSum[gi] += wt * Integer.bitCount(bits[i]);
                    sizeWeight[gi] += wt;
                } else {
                    sizeSum[gi] += wt * CLASS_SIZE[speechClass(cls[i], o.pairShare())];
                    sizeWeight[gi] += wt;
                }
            }
        }
        int[] out = new int[total];
        boolean on = false;
        for (int g = 0; g < total; g++) {
            if (weightSum[g] <= 0) {
                on = false;
                continue;
            }
            if (o.soft()) {
                double p = speechSum[g] / weightSum[g];
                on = on ? p >= o.offset() : p >= o.onset();
                out[g] = on ? Math.max(1, cut(sizeSum[g] / sizeWeight[g], o.countCut())) : 0;
            } else {
                out[g] = cut(countSum[g] / weightSum[g], o.countCut());
            }
        }
        fillGaps(out, (int) Math.floor(o.gapFillSeconds() / FrameGrid.seconds(1)));
        pad(out, (int) Math.round(o.padSeconds() / FrameGrid.seconds(1)));
        return out;
    }

    /** n once the mean reaches n - 1 + cut. */
    static int cut(double mean, double cut) {
        return (int) Math.floor(mean + 1 - cut + 1e-9);
    }

    /** Silent frames within {@code frames} of a speech frame get the nearest speech frame's count (1 at most). */
    static void pad(int[] counts, int frames) {
        if (frames <= 0) {
            return;
        }
        int[] src = counts.clone();
        int last = Integer.MIN_VALUE / 2;
        for (int g = 0; g < src.length; g++) {
            if (src[g] > 0) {
                last = g;
            } else if (g - last <= frames) {
                counts[g] = 1;
            }
        }
        int nextSpeech = Integer.MAX_VALUE / 2;
        for (int g = src.length - 1; g >= 0; g--) {
            if (src[g] > 0) {
                nextSpeech = g;
            } else if (nextSpeech - g <= frames) {
                counts[g] = 1;
            }
        }
    }

    /** Silent runs of at most {@code maxFrames} between speech frames take the smaller neighbouring count. */
    static void fillGaps(int[] counts, int maxFrames) {
        if (maxFrames <= 0) {
            return;
        }
        int lastSpeech = -1;
        for (int g = 0; g < counts.length; g++) {
            if (counts[g] == 0) {
                continue;
            }
            int gap = g - lastSpeech - 1;
            if (lastSpeech >= 0 && gap > 0 && gap <= maxFrames) {
                int fill = Math.min(counts[lastSpeech], counts[g]);
                for (int k = lastSpeech + 1; k < g; k++) {
                    counts[k] = fill;
                }
            }
            lastSpeech = g;
        }
    }
}
