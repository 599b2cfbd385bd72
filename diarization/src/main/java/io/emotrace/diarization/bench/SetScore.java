package io.emotrace.diarization.bench;

import io.emotrace.scoring.ScoreReport;

/** Scores of one variant on one set: DER at collar 0 and 0.25 s, JER, exact speaker-count rate, timings. */
record SetScore(String set, String variant, int files, ScoreReport collar0, ScoreReport collar25,
        double countAccuracy, double meanAbsCountError, double clusteringSeconds) {
}
