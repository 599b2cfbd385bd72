package io.emotrace.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JER of one file as dscore computes it: reference and hypothesis speakers are paired one-to-one to maximise
 * the summed Jaccard index; each reference speaker's error is 1 − |ref ∩ hyp| / |ref ∪ hyp| with its partner,
 * or 1 without one; the file's JER is their mean. Speakers with no time in the scored region are left out.
 */
record JaccardErrors(double fileJer, Map<String, Double> perSpeaker, int refSpeakers, int hypSpeakers) {
    static JaccardErrors of(FileTally t, List<String> refNames) {
        int nRef = 0;
        int nHyp = 0;
        for (double d : t.refDuration) {
            nRef += d > 0 ? 1 : 0;
        }
        for (double d : t.hypDuration) {
            nHyp += d > 0 ? 1 : 0;
        }
        Map<String, Double> per = new LinkedHashMap<>();
        if (nRef == 0) {
            return new JaccardErrors(nHyp > 0 ? 1.0 : 0.0, per, 0, nHyp);
        }
        double[][] jaccard = new double[t.refDuration.length][t.hypDuration.length];
        for (int r = 0; r < jaccard.length; r++) {
            for (int h = 0; h < jaccard[r].length; h++) {
                double inter = t.cooccurrence[r][h];
                double union = t.refDuration[r] + t.hypDuration[h] - inter;
                jaccard[r][h] = union > 0 ? inter / union : 0;
            }
        }
        int[] map = OptimalAssignment.maximize(jaccard);
        double sum = 0;
        for (int r = 0; r < jaccard.length; r++) {
            if (t.refDuration[r] <= 0) {
                continue;
            }
            double j = map[r] >= 0 ? 1 - jaccard[r][map[r]] : 1.0;
            per.put(refNames.get(r), j);
            sum += j;
        }
        return new JaccardErrors(sum / nRef, per, nRef, nHyp);
    }
}
