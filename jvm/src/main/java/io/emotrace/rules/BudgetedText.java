package io.emotrace.rules;

/** A text that checks its evaluation's budget every few thousand characters a matcher reads. */
final class BudgetedText implements CharSequence {
    private static final int CHECK_EVERY = 4096;

    private final String text;
    private final EvaluationBudget budget;
    private int reads;

    BudgetedText(String text, EvaluationBudget budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (++reads % CHECK_EVERY == 0) {
            budget.check();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
