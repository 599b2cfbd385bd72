package io.emotrace.rules;

import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.RuleEngine;
import io.emotrace.pipeline.RuleEngineFactory;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Provides {@link JsonRuleEngine}. The rule document is the file named by the system property
 * {@code emotrace.rules} or the environment variable {@code EMOTRACE_RULES}, else the shipped default set. An
 * invalid file makes the stage unavailable with its errors, never a half-applied rule set.
 */
public final class JsonRuleEngineFactory implements RuleEngineFactory {
    public static final String PROPERTY = "emotrace.rules";
    public static final String ENV = "EMOTRACE_RULES";

    private final RuleSet fixed;

    /** ServiceLoader constructor: the rule document is looked up on each call (property, variable, default). */
    public JsonRuleEngineFactory() {
        this(null);
    }

    /** A factory for one given rule set (the service's current rules, tests). */
    public JsonRuleEngineFactory(RuleSet rules) {
        this.fixed = rules;
    }

    @Override
    public String name() {
        return "json-rules";
    }

    @Override
    public Availability availability() {
        try {
            RuleSet r = fixed != null ? fixed : load();
            return Availability.yes(r.toString());
        } catch (RulesException e) {
            return Availability.no(e.problems().isEmpty() ? e.describe() : configured() + ": "
                    + e.problems().size() + " errors: " + e.problems().stream().map(RuleProblem::toString)
                    .collect(Collectors.joining("; ")));
        }
    }

    @Override
    public RuleEngine create() throws RulesException {
        return new JsonRuleEngine(fixed != null ? fixed : load());
    }

    static RuleSet load() throws RulesException {
        String file = configured();
        return file == null ? RuleSet.defaults() : RuleSet.load(Path.of(file));
    }

    private static String configured() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? null : p;
    }
}
