package io.emotrace.speakers;

import io.emotrace.domain.SpeakerName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Open-set speaker identification for one recording: each speaker's voice embedding is compared (cosine) with every
 * enrolled voiceprint of the same dimension; pairs at or above the threshold are taken greedily, best score first,
 * so that a name goes to at most one speaker and a speaker gets at most one name. Everyone else stays anonymous
 * (S1, S2, ...).
 */
public final class SpeakerMatcher {
    /**
     * The threshold for the project speaker embedding, by the seconds of speech a voice was averaged over, calibrated
     * with {@code ./emotrace bench speakers --enrol} on set A (nemo-polish + emovo-italian, corpora the embedding never
     * trained on; enrolled and unknown voices of the same corpus): for probes of one utterance and of 5, 10 and 30 s of
     * speech (median 2.1, 6.1, 11.2, 31.3 s), the lowest threshold that names at most 2 % of unknown voices there.
     * Reported on set B (held-out speakers of ravdess, casia, urdu, librispeech): see docs/speakers.md.
     */
    public static final SpeakerThreshold DEFAULT_THRESHOLD = new SpeakerThreshold(List.of(
            new SpeakerThreshold.Point(2.1, 0.62), new SpeakerThreshold.Point(6.1, 0.66),
            new SpeakerThreshold.Point(11.2, 0.69), new SpeakerThreshold.Point(31.3, 0.69)));

    private SpeakerMatcher() {
    }

    /** A candidate pair. */
    private record Pair(String speaker, Voiceprint voice, double score) {
    }

    /** With the same threshold for every speaker. */
    public static Map<String, SpeakerName> match(Map<String, float[]> centroids, List<Voiceprint> voices,
                                                 double threshold) {
        return match(centroids, Map.of(), voices, SpeakerThreshold.fixed(threshold));
    }

    /**
     * @param speechSeconds per speaker, the seconds of speech its embedding was averaged over (absent: the
     *                      threshold's value for long voices)
     */
    public static Map<String, SpeakerName> match(Map<String, float[]> centroids, Map<String, Double> speechSeconds,
                                                 List<Voiceprint> voices, SpeakerThreshold threshold) {
        List<Pair> pairs = new ArrayList<>();
        for (Map.Entry<String, float[]> c : new TreeMap<>(centroids).entrySet()) {
            double t = threshold.at(speechSeconds.getOrDefault(c.getKey(), Double.NaN));
            float[] unit = SpeakerDirectory.unitOf(toDouble(c.getValue()));
            for (Voiceprint v : voices) {
                if (v.dim() != unit.length) {
                    continue;
                }
                double s = v.similarity(unit);
                if (s >= t) {
                    pairs.add(new Pair(c.getKey(), v, s));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed()
                .thenComparing(Pair::speaker).thenComparing(p -> p.voice().id()));
        Map<String, SpeakerName> out = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Pair p : pairs) {
            if (!out.containsKey(p.speaker()) && used.add(p.voice().id())) {
                out.put(p.speaker(), new SpeakerName(p.voice().name(), round(p.score()), SpeakerName.ENROLLED));
            }
        }
        return out;
    }

    private static double round(double s) {
        return Math.round(s * 1e4) / 1e4;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
