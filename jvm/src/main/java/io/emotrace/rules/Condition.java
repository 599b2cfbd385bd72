package io.emotrace.rules;

/** The "when" of a rule; either a {@link SegmentCondition} or a {@link HistoryCondition}. */
public interface Condition {
    /** The document's {@code type} value, e.g. {@code negation} or {@code escalation}. */
    String type();
}
