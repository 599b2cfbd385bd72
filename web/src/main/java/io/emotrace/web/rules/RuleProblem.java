package io.emotrace.web.rules;

/** One problem in a rule document: JSON Pointer to the field, and what is wrong; {@code severity} error|warning. */
public record RuleProblem(String pointer, String message, String severity) {
    public boolean isError() {
        return !"warning".equals(severity);
    }
}
