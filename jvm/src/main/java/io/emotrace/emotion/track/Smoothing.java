package io.emotrace.emotion.track;

/**
 * How window scores are smoothed into a curve.
 * <ul>
 *   <li>{@link #CENTRED}: the mean of the 9 scores over the windows within +-span/2 of a point (default). It is
 *       zero-phase: a change of emotion shows at the time it happens, not later, which matters when the curve is
 *       laid over speaker turns and words. It needs span/2 of look-ahead, which costs a few windows of buffer.</li>
 *   <li>{@link #EXPONENTIAL}: causal exponential average with time constant span; for live streams where no
 *       look-ahead is possible. It lags changes by about the time constant.</li>
 *   <li>{@link #NONE}: raw window scores.</li>
 * </ul>
 * Windows that were not judged (silence, noise) never enter an average: silence must not dilute the scores
 * of speech next to it, and a silent window stays {@code unknown} rather than borrowing a neighbour's label.
 */
public enum Smoothing {
    NONE, CENTRED, EXPONENTIAL
}
