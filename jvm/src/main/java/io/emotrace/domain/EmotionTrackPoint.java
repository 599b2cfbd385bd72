package io.emotrace.domain;

/**
 * One point of a sliding-window emotion curve: the window [start, end) in seconds, its centre {@code time}, and
 * the (smoothed) estimate. {@code judged} is false when the window could not be judged (silence, noise, too
 * short); its estimate is then {@code unknown} with confidence 0.
 */
public record EmotionTrackPoint(double time, double start, double end, boolean judged, EmotionEstimate emotion) {
}
