package io.emotrace.domain;

/** A business rule that fired: which rule, how serious, who and when, and a message for people. */
public record RuleFlag(String rule, String severity, String speaker, double start, double end, String message) {
}
