package io.emotrace.rules;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.RuleFlag;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.RuleEngine;
import java.time.Clock;
import java.util.List;

/**
 * The pipeline's rules stage: evaluates the rule document a run passes (or the configured set) once over the run's
 * segments; the flags go into the result and the full evaluation into the run's rules.json and rule-adjusted
 * outputs. Keeps no state between calls, so the process's one engine serves every run.
 */
public final class JsonRuleEngine implements RuleEngine {
    /** A hostile or pathological rule document cannot hold a run (or a service worker) longer than this. */
    static final java.time.Duration BUDGET = java.time.Duration.ofSeconds(30);

    private final RuleSet configured;
    private final Clock clock;
    private volatile RuleSet lastParsed; // a service passes the same current document run after run

    public JsonRuleEngine(RuleSet configured) {
        this(configured, Clock.systemUTC());
    }

    public JsonRuleEngine(RuleSet configured, Clock clock) {
        this.configured = configured;
        this.clock = clock;
    }

    @Override
    public RulesOutcome evaluate(String document, java.time.Duration budget, List<AnalyzedSegment> segments,
                                 ProgressListener progress) throws RulesException {
        RuleSet rules = document == null ? configured : parsed(document);
        progress.report("rules", 0, "evaluating " + rules.rules().size() + " rules");
        RuleEvaluation evaluation = rules.evaluate(StoredAnalysis.of(segments), budget != null ? budget : BUDGET);
        String detail = "rules " + rules + (evaluation.notes().isEmpty() ? ""
                : "; notes: " + String.join("; ", evaluation.notes()));
        String at = clock.instant().toString();
        return new RulesOutcome(evaluation.flags(), detail,
                dir -> RuleFiles.write(dir, rules, evaluation, at));
    }

    private RuleSet parsed(String document) throws RulesException {
        RuleSet last = lastParsed;
        if (last != null && last.source().equals(document)) {
            return last;
        }
        RuleSet r = RuleSet.parse(document).orThrow("rule document");
        lastParsed = r;
        return r;
    }

    @Override
    public String describe() {
        return "rules " + configured;
    }

    @Override
    public void close() {
        // holds no native resources
    }
}
