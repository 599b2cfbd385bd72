package io.emotrace.rules;

import io.emotrace.domain.RuleFlag;
import java.util.List;

/**
 * Everything a rule set produced on one analysis: the outcomes in time order, the segments whose emotion or
 * confidence changed, and notes on what could not be checked (e.g. a language without a keyword list).
 */
public record RuleEvaluation(String ruleSet, String ruleSetVersion, String ruleSetSha256, List<RuleOutcome> outcomes,
                             List<SegmentAdjustment> adjustments, List<String> notes) {
    public RuleEvaluation {
        outcomes = List.copyOf(outcomes);
        adjustments = List.copyOf(adjustments);
        notes = List.copyOf(notes);
    }

    /** The pipeline's compact form for result.json {@code flags}: flag and alert outcomes only. */
    public List<RuleFlag> flags() {
        return outcomes.stream()
                .filter(o -> o.flag() != null || o.severity() != null)
                .map(o -> new RuleFlag(o.rule(), o.severity() != null ? o.severity() : "info", o.speaker(),
                        o.start(), o.end(), (o.flag() != null ? o.flag() + ": " : "") + o.message()))
                .toList();
    }
}
