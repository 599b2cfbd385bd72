package io.emotrace.domain;

import java.util.List;

/** Sliding-window curves, one list of points per segment in segment order, and the settings that made them. */
public record EmotionTracks(String settings, List<List<EmotionTrackPoint>> perSegment) {
    public EmotionTracks {
        perSegment = perSegment.stream().map(List::copyOf).toList();
    }
}
