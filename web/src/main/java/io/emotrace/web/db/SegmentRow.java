package io.emotrace.web.db;

/**
 * One row of {@code segments}: what the stages found about one speaker turn. {@code confidence} is the emotion's,
 * {@code speakerConfidence} the diarizer's calibrated probability that {@code speaker} is right (null: not said).
 */
public record SegmentRow(int index, String speaker, double start, double end, String emotion, Double confidence,
                         String scoresJson, String text, Double speakerConfidence) {
    /** A row without a speaker confidence. */
    public SegmentRow(int index, String speaker, double start, double end, String emotion, Double confidence,
                      String scoresJson, String text) {
        this(index, speaker, start, end, emotion, confidence, scoresJson, text, null);
    }
}
