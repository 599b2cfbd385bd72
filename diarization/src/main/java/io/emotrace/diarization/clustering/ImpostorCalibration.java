package io.emotrace.diarization.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A per-recording same/different decision. The local speakers of one segmentation window are different voices
 * by construction, so their embedding similarities sample this recording's own different-speaker scores, in its
 * own channel, language and mood: a telephone call's voices all sound alike (high impostor scores), an acted
 * emotional scene's or a clean studio's less so. The AHC threshold is placed {@code k} robust standard deviations
 * above the median of those scores, which moves with the recording instead of one fixed cosine tuned on one kind
 * of audio. With too few such pairs (one speaker, no window with two voices) the fixed threshold stays.
 */
public final class ImpostorCalibration {
    /** Fewest different-voice pairs for a recording's own statistics to be trusted. */
    static final int MIN_PAIRS = 12;
    /** The calibrated distance threshold stays inside this range (a guard against degenerate statistics). */
    static final double MIN_DISTANCE = 0.2;
    static final double MAX_DISTANCE = 0.95;

    /** Threshold and the evidence behind it (for logs and the bench). */
    public record Calibrated(double distance, int pairs, double median, double sigma, boolean fromRecording) {
    }

    private ImpostorCalibration() {
    }

    /** The AHC cosine-distance threshold for these items under {@code s}. */
    public static Calibrated threshold(List<SpeakerClusterer.Item> items, ClusteringSettings s) {
        double[] scores = impostorScores(items, Math.max(0, s.shapeSeconds()));
        if (s.impostorSigmas() <= 0 || scores.length < MIN_PAIRS) {
            return new Calibrated(s.threshold(), scores.length, Double.NaN, Double.NaN, false);
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double median = quantile(sorted, 0.5);
        double[] dev = new double[sorted.length];
        for (int i = 0; i < dev.length; i++) {
            dev[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(dev);
        double sigma = 1.4826 * quantile(dev, 0.5); // MAD: a pyannote split of one voice is an outlier, not spread
        double similarity = median + s.impostorSigmas() * sigma;
        double distance = Math.max(MIN_DISTANCE, Math.min(MAX_DISTANCE, 1 - similarity));
        return new Calibrated(distance, scores.length, median, sigma, true);
    }

    /** Cosine similarities of every pair of items in one window with at least {@code minSeconds} of speech each. */
    static double[] impostorScores(List<SpeakerClusterer.Item> items, double minSeconds) {
        Map<Integer, List<float[]>> byGroup = new TreeMap<>();
        for (SpeakerClusterer.Item it : items) {
            if (it.seconds() >= minSeconds) {
                byGroup.computeIfAbsent(it.group(), g -> new ArrayList<>()).add(it.embedding());
            }
        }
        List<Double> out = new ArrayList<>();
        for (List<float[]> g : byGroup.values()) {
            for (int a = 0; a < g.size(); a++) {
                for (int b = a + 1; b < g.size(); b++) {
                    out.add(AgglomerativeClustering.dot(g.get(a), g.get(b)));
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
