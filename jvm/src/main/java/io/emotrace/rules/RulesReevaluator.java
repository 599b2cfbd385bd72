package io.emotrace.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Applies a rule set to a stored analysis without running any model: reads the run's result.json, evaluates, and
 * publishes the outcome as a new {@link RuleRevisions rules revision} beside the run (rules.json, rule-adjusted
 * result.json, timeline.json, transcript.txt). The published run folder itself is never modified.
 */
public final class RulesReevaluator {
    public static final String RULES_FILE = RuleFiles.RULES_FILE;

    private final Clock clock;

    public RulesReevaluator() {
        this(Clock.systemUTC());
    }

    public RulesReevaluator(Clock clock) {
        this.clock = clock;
    }

    /** The evaluation that was published. */
    public RuleEvaluation apply(RuleSet rules, Path runDir) throws RulesException {
        return apply(rules, runDir, null);
    }

    /** As {@link #apply(RuleSet, Path)}, stopped with {@code rules.timeout} after {@code budget} (null: none). */
    public RuleEvaluation apply(RuleSet rules, Path runDir, Duration budget) throws RulesException {
        Path resultFile = runDir.resolve(ResultJson.FILE_NAME);
        JsonNode root;
        try {
            root = ResultJson.mapper().readTree(resultFile.toFile());
        } catch (IOException e) {
            throw new RulesException("rules.run_unreadable", resultFile + ": " + e.getMessage(), e);
        }
        StoredAnalysis analysis = ResultJsonAdapter.fromTree(root, resultFile.toString());
        RuleEvaluation evaluation = rules.evaluate(analysis, budget);
        String at = clock.instant().toString();
        try {
            RuleRevisions.publish(runDir, work -> RuleFiles.write(work, rules, evaluation, at)); // its copy of result.json
        } catch (IOException e) {
            throw new RulesException("rules.write_failed", runDir + ": cannot publish the rule outcomes ("
                    + e.getMessage() + "); the run and its earlier revisions are unchanged", e);
        }
        return evaluation;
    }
}
