package io.emotrace.rules;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One action of one rule that fired. {@code segment} is the segment's index in the analysis for segment rules and
 * null for history rules (which cover {@code start}..{@code end} of a speaker's timeline). {@code change} says what a
 * scale/relabel/bias action did ("confidence 0.82 -> 0.49"); {@code flag} and {@code severity} are set for flag and
 * alert actions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleOutcome(String rule, String action, String speaker, double start, double end, Integer segment,
                          String flag, String severity, String change, String message, Explanation explanation) {
}
