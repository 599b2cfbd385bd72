package io.emotrace.rules;

/** A condition on one segment as the earlier rules left it (emotion, confidence, scores, words, language). */
interface SegmentCondition extends Condition {
    /** Why it holds, or null when it does not. */
    Explanation test(SegmentState segment, EvaluationContext context);
}
