package io.emotrace.pipeline;

import io.emotrace.speakers.SpeakerNamer;
import java.util.Objects;

/**
 * How one run is observed and steered: who hears its events, the token that cancels it, the rule document to
 * evaluate (null: the rule engine's configured set; the service passes its current version, labelled) and how
 * long that evaluation may take (null: the engine's own limit), and who names the speakers from their voices
 * (enrolled voiceprints; {@link SpeakerNamer#NONE}: everyone stays S1, S2, ...).
 */
public record RunOptions(AnalysisListener listener, Cancellation cancellation, String rulesDocument,
                         Integer rulesVersion, java.time.Duration rulesBudget, SpeakerNamer speakerNamer) {
    public RunOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        speakerNamer = speakerNamer == null ? SpeakerNamer.NONE : speakerNamer;
    }

    public RunOptions(AnalysisListener listener, Cancellation cancellation, String rulesDocument,
                      Integer rulesVersion, java.time.Duration rulesBudget) {
        this(listener, cancellation, rulesDocument, rulesVersion, rulesBudget, SpeakerNamer.NONE);
    }

    public static RunOptions of(AnalysisListener listener) {
        return new RunOptions(listener, new Cancellation(), null, null, null);
    }

    public RunOptions withCancellation(Cancellation c) {
        return new RunOptions(listener, c, rulesDocument, rulesVersion, rulesBudget, speakerNamer);
    }

    public RunOptions withRules(String document, Integer version) {
        return new RunOptions(listener, cancellation, document, version, rulesBudget, speakerNamer);
    }

    public RunOptions withRulesBudget(java.time.Duration budget) {
        return new RunOptions(listener, cancellation, rulesDocument, rulesVersion, budget, speakerNamer);
    }

    public RunOptions withSpeakerNamer(SpeakerNamer namer) {
        return new RunOptions(listener, cancellation, rulesDocument, rulesVersion, rulesBudget, namer);
    }
}
