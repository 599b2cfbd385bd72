package io.emotrace.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One problem in a rule document: where (a JSON Pointer into the document, RFC 6901), what was expected there and
 * what was found. Errors make the document unusable; warnings (e.g. a scope naming a speaker a run does not have)
 * do not.
 */
public record RuleProblem(Severity severity, String pointer, String expected, String found) {
    public enum Severity { ERROR, WARNING }

    public static RuleProblem error(String pointer, String expected, String found) {
        return new RuleProblem(Severity.ERROR, pointer, expected, found);
    }

    public static RuleProblem warning(String pointer, String expected, String found) {
        return new RuleProblem(Severity.WARNING, pointer, expected, found);
    }

    /** The one-line form shown by the CLI, also a field of the JSON form. */
    @JsonProperty("message")
    public String message() {
        return toString();
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code error at /rules/2/when/emotions/0: expected one of [...], found "angy"}. */
    @Override
    public String toString() {
        return severity.name().toLowerCase() + " at " + (pointer.isEmpty() ? "(document)" : pointer)
                + ": expected " + expected + ", found " + found;
    }
}
