package io.emotrace.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The outcome of parsing a rule document: the rule set when there is no error, otherwise null, plus every problem
 * found (all at once, not only the first). A document with an error is never partly usable. As JSON (for the
 * service's validate endpoint): {@code {"valid": false, "problems": [{"severity", "pointer", "expected", "found",
 * "message"}]}}.
 */
public record RuleParseResult(@JsonIgnore RuleSet ruleSet, List<RuleProblem> problems) {
    public RuleParseResult {
        problems = List.copyOf(problems);
        if (ruleSet != null && problems.stream().anyMatch(RuleProblem::isError)) {
            throw new IllegalArgumentException("a rule set with errors must not be handed out");
        }
    }

    @JsonProperty("valid")
    public boolean valid() {
        return ruleSet != null;
    }

    public List<RuleProblem> errors() {
        return problems.stream().filter(RuleProblem::isError).toList();
    }

    public List<RuleProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The rule set, or a {@link RulesException} listing every error. */
    public RuleSet orThrow(String source) throws RulesException {
        if (ruleSet == null) {
            throw RulesException.invalid(source, errors());
        }
        return ruleSet;
    }
}
