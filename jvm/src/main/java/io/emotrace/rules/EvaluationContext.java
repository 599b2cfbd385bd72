package io.emotrace.rules;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Shared by the conditions of one evaluation: the document's keyword sets, the time budget and the notes collected on the way. */
final class EvaluationContext {
    final Map<String, KeywordSet> keywordSets;
    final StoredAnalysis analysis;
    final EvaluationBudget budget;
    private final Set<String> notes = new LinkedHashSet<>();

    EvaluationContext(Map<String, KeywordSet> keywordSets, StoredAnalysis analysis, EvaluationBudget budget) {
        this.keywordSets = keywordSets;
        this.analysis = analysis;
        this.budget = budget;
    }

    /** Something a rule could not check (recorded once, shown with the outcomes). */
    void note(String message) {
        notes.add(message);
    }

    Set<String> notes() {
        return notes;
    }
}
