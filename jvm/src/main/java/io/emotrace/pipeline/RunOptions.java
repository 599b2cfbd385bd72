package io.emotrace.pipeline;

import java.util.Objects;

/**
 * How one run is observed and steered: who hears its events, the token that cancels it, and the rule document to
 * evaluate (null: the rule engine's configured set; the service passes its current version, labelled).
 */
public record RunOptions(AnalysisListener listener, Cancellation cancellation, String rulesDocument,
                         Integer rulesVersion) {
    public RunOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    public static RunOptions of(AnalysisListener listener) {
        return new RunOptions(listener, new Cancellation(), null, null);
    }

    public RunOptions withCancellation(Cancellation c) {
        return new RunOptions(listener, c, rulesDocument, rulesVersion);
    }

    public RunOptions withRules(String document, Integer version) {
        return new RunOptions(listener, cancellation, document, version);
    }
}
