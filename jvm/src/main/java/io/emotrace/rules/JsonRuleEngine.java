package io.emotrace.rules;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.RuleFlag;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.RuleEngine;
import java.util.List;

/** The pipeline's rules stage: one parsed rule set applied to the run's segments; flags and alerts go out. */
public final class JsonRuleEngine implements RuleEngine {
    private final RuleSet rules;
    private RuleEvaluation last;

    public JsonRuleEngine(RuleSet rules) {
        this.rules = rules;
    }

    @Override
    public List<RuleFlag> evaluate(List<AnalyzedSegment> segments, ProgressListener progress) {
        progress.report("rules", 0, "evaluating " + rules.rules().size() + " rules");
        last = rules.evaluate(StoredAnalysis.of(segments));
        return last.flags();
    }

    /** The full evaluation of the last call (adjustments and notes included), or null before any. */
    public RuleEvaluation lastEvaluation() {
        return last;
    }

    @Override
    public String describe() {
        String s = "rules " + rules;
        if (last != null && !last.notes().isEmpty()) {
            s += "; notes: " + String.join("; ", last.notes());
        }
        return s;
    }

    @Override
    public void close() {
        // holds no native resources
    }
}
