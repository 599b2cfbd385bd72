package io.emotrace.rules;

import java.time.Duration;

/**
 * The time one rule evaluation may take. Checked between rule tests and, through {@link BudgetedText}, while a
 * keyword regex reads a segment's text, so a costly rule set ends with {@link Exceeded} instead of holding a thread.
 * An interrupted thread stops the same way.
 */
final class EvaluationBudget {
    static final EvaluationBudget UNLIMITED = new EvaluationBudget(null);

    private final Duration budget;
    private final long deadline;

    private EvaluationBudget(Duration budget) {
        this.budget = budget;
        this.deadline = budget == null ? 0 : System.nanoTime() + budget.toNanos();
    }

    /** Starts now; {@code null} means no time limit (interrupts are still honoured). */
    static EvaluationBudget of(Duration budget) {
        return budget == null ? UNLIMITED : new EvaluationBudget(budget);
    }

    void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Exceeded("rule evaluation interrupted");
        }
        if (budget != null && System.nanoTime() - deadline > 0) {
            throw new Exceeded("rule evaluation exceeded its time budget of " + budget.toMillis()
                    + " ms (simplify the keyword regexes or lists)");
        }
    }

    /** Unchecked so it can leave a regex match; {@link RuleSet#evaluate(StoredAnalysis, Duration)} types it. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
