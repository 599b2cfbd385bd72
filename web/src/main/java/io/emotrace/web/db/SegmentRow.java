package io.emotrace.web.db;

/** One row of {@code segments}: what the stages found about one speaker turn. */
public record SegmentRow(int index, String speaker, double start, double end, String emotion, Double confidence,
                         String scoresJson, String text) {
}
