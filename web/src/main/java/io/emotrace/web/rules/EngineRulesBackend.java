package io.emotrace.web.rules;

import io.emotrace.domain.RuleFlag;
import io.emotrace.pipeline.Availability;
import io.emotrace.rules.ResultJsonAdapter;
import io.emotrace.rules.RuleEvaluation;
import io.emotrace.rules.RuleParseResult;
import io.emotrace.rules.RuleProblem;
import io.emotrace.rules.RuleSet;
import io.emotrace.rules.RulesException;
import io.emotrace.rules.RulesReevaluator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The service's view of the project's rules engine (io.emotrace.rules): parse/validate, defaults, re-evaluation. */
public final class EngineRulesBackend implements RulesBackend {
    private final RulesReevaluator reevaluator = new RulesReevaluator();

    @Override
    public Availability availability() {
        return Availability.yes("io.emotrace.rules JSON rule engine");
    }

    @Override
    public String defaultDocument() {
        return RuleSet.defaultSource();
    }

    @Override
    public List<RuleProblem> validate(String document) {
        return RuleSet.parse(document).problems();
    }

    @Override
    public List<RuleFlag> evaluate(String document, Path runDir, boolean persist, Duration budget)
            throws RulesException {
        RuleParseResult parsed = RuleSet.parse(document);
        RuleSet rules = parsed.orThrow("rule document");
        if (persist) {
            return reevaluator.apply(rules, runDir, budget).flags();
        }
        return rules.evaluate(ResultJsonAdapter.read(runDir), budget).flags();
    }

    @Override
    public RuleEvaluation preview(String document, Path runDir, Duration budget) throws RulesException {
        return RuleSet.parse(document).orThrow("rule document").evaluate(ResultJsonAdapter.read(runDir), budget);
    }
}
