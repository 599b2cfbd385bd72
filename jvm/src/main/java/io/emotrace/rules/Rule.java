package io.emotrace.rules;

import java.util.List;

/**
 * One business rule, immutable once parsed. Higher {@code priority} runs first (ties keep document order);
 * segment rules act on each segment in turn, history rules on each speaker's timeline afterwards.
 * {@code pointer} is where the rule sits in its document, for messages.
 */
public record Rule(String id, String description, int priority, boolean enabled, Scope scope, Condition when,
                   List<Action> then, String pointer) {
    public Rule {
        then = List.copyOf(then);
    }

    public boolean isHistoryRule() {
        return when instanceof HistoryCondition;
    }
}
