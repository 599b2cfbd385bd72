package io.emotrace.pipeline;

import java.util.Objects;

/**
 * How one run is observed and steered: who hears its events, the token that cancels it, the rule document to
 * evaluate (null: the rule engine's configured set; the service passes its current version, labelled) and how
 * long that evaluation may take (null: the engine's own limit).
 */
public record RunOptions(AnalysisListener listener, Cancellation cancellation, String rulesDocument,
                         Integer rulesVersion, java.time.Duration rulesBudget) {
    public RunOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    public static RunOptions of(AnalysisListener listener) {
        return new RunOptions(listener, new Cancellation(), null, null, null);
    }

    public RunOptions withCancellation(Cancellation c) {
        return new RunOptions(listener, c, rulesDocument, rulesVersion, rulesBudget);
    }

    public RunOptions withRules(String document, Integer version) {
        return new RunOptions(listener, cancellation, document, version, rulesBudget);
    }

    public RunOptions withRulesBudget(java.time.Duration budget) {
        return new RunOptions(listener, cancellation, rulesDocument, rulesVersion, budget);
    }
}
