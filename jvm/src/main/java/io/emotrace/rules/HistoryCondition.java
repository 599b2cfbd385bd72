package io.emotrace.rules;

import java.util.List;

/** A condition on one speaker's timeline (sliding windows over the segments, after the segment rules). */
interface HistoryCondition extends Condition {
    /** A stretch of the timeline where the condition holds; {@code segment} is the one that completed it. */
    record Hit(double start, double end, Integer segment, Explanation explanation) {
    }

    /**
     * {@code own} are the speaker's segments in time order; {@code all} every segment in scope, in time order.
     * A conversation-wide condition ({@link #perSpeaker()} false) is scanned once with {@code own == all}.
     */
    List<Hit> scan(List<SegmentState> own, List<SegmentState> all, EvaluationContext context);

    default boolean perSpeaker() {
        return true;
    }

    /** Seconds of [a0, a1] that [b0, b1] covers. */
    static double overlap(double a0, double a1, double b0, double b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    }
}
