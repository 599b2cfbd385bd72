package io.emotrace.diarization.bench;

import io.emotrace.scoring.ScoreReport;

/**
 * Scores of one variant on one set: DER at collar 0 and 0.25 s, JER, exact speaker-count rate, timings; and how often
 * the count range ({@code EvidenceResolver.countRange}) held the reference count, with its mean width (NaN where no
 * range was computed).
 */
record SetScore(String set, String variant, int files, ScoreReport collar0, ScoreReport collar25,
        double countAccuracy, double meanAbsCountError, double clusteringSeconds, double rangeCoverage,
        double rangeWidth) {
    SetScore(String set, String variant, int files, ScoreReport collar0, ScoreReport collar25, double countAccuracy,
            double meanAbsCountError, double clusteringSeconds) {
        this(set, variant, files, collar0, collar25, countAccuracy, meanAbsCountError, clusteringSeconds, Double.NaN,
                Double.NaN);
    }
}
