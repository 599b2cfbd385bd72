package io.emotrace.rules;

import io.emotrace.EmotraceException;
import java.util.List;
import java.util.stream.Collectors;

/** Typed errors of the rules engine: invalid documents, unreadable runs, failed rewrites. */
public class RulesException extends EmotraceException {
    private final List<RuleProblem> problems;

    public RulesException(String code, String message) {
        this(code, message, List.of(), null);
    }

    public RulesException(String code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    private RulesException(String code, String message, List<RuleProblem> problems, Throwable cause) {
        super(code, message, cause);
        this.problems = List.copyOf(problems);
    }

    static RulesException invalid(String source, List<RuleProblem> errors) {
        String lines = errors.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
        return new RulesException("rules.invalid", source + ": " + errors.size() + " error"
                + (errors.size() == 1 ? "" : "s") + ", nothing applied\n" + lines, errors, null);
    }

    /** The document's problems when the code is {@code rules.invalid}; empty otherwise. */
    public List<RuleProblem> problems() {
        return problems;
    }
}
