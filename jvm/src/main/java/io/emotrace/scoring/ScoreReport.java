package io.emotrace.scoring;

import java.util.List;

/**
 * Scores over several files at one collar. {@code total} sums the DER components over files (so DER is
 * time-weighted, as md-eval's ALL line); {@code jer} is the mean over every reference speaker of every file
 * (what dscore reports as the overall JER).
 */
public record ScoreReport(double collar, List<FileScore> files, DerComponents total, double jer,
        List<String> warnings) {
}
