package io.emotrace.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a rule set to a stored analysis without running any model: reads the run's result.json, evaluates, and
 * rewrites the rule outcomes. {@code rules.json} gets the full evaluation (outcomes with explanations, adjusted
 * segments, notes, which rule set by name/version/sha256); the one it replaces is kept under
 * {@code rules-history/}; result.json's {@code flags} and {@code rules} fields are replaced; timeline.json and
 * transcript.txt show the rules' changes beside the models' labels ({@link RuledOutputs}). Every file is
 * written atomically and every other field of result.json is kept as it was.
 */
public final class RulesReevaluator {
    public static final String RULES_FILE = "rules.json";
    public static final String HISTORY_DIR = "rules-history";
    static final int RULES_FILE_VERSION = 1;

    private final Clock clock;

    public RulesReevaluator() {
        this(Clock.systemUTC());
    }

    public RulesReevaluator(Clock clock) {
        this.clock = clock;
    }

    /** The evaluation that was written. */
    public RuleEvaluation apply(RuleSet rules, Path runDir) throws RulesException {
        return apply(rules, runDir, null);
    }

    /** As {@link #apply(RuleSet, Path)}, stopped with {@code rules.timeout} after {@code budget} (null: none). */
    public RuleEvaluation apply(RuleSet rules, Path runDir, Duration budget) throws RulesException {
        Path resultFile = runDir.resolve(ResultJson.FILE_NAME);
        ObjectMapper mapper = ResultJson.mapper();
        JsonNode root;
        try {
            root = mapper.readTree(resultFile.toFile());
        } catch (IOException e) {
            throw new RulesException("rules.run_unreadable", resultFile + ": " + e.getMessage(), e);
        }
        StoredAnalysis analysis = ResultJsonAdapter.fromTree(root, resultFile.toString());
        RuleEvaluation evaluation = rules.evaluate(analysis, budget);
        String at = clock.instant().toString();
        Map<String, Object> ruleSet = new LinkedHashMap<>();
        ruleSet.put("name", rules.name());
        ruleSet.put("version", rules.version());
        ruleSet.put("sha256", rules.sha256());
        ruleSet.put("evaluatedAt", at);
        ruleSet.put("file", RULES_FILE);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rulesFileVersion", RULES_FILE_VERSION);
        doc.put("ruleSet", ruleSet);
        doc.put("evaluation", evaluation);
        doc.put("document", rules.source());
        try {
            Path rulesFile = runDir.resolve(RULES_FILE);
            if (Files.exists(rulesFile)) {
                Path history = Files.createDirectories(runDir.resolve(HISTORY_DIR));
                String old = mapper.readTree(rulesFile.toFile()).path("ruleSet").path("evaluatedAt").asText("unknown");
                Path keep = history.resolve("rules-" + old.replace(':', '-') + ".json");
                if (!Files.exists(keep)) {
                    AtomicFiles.write(keep, Files.readAllBytes(rulesFile));
                }
            }
            AtomicFiles.write(rulesFile, mapper.writeValueAsBytes(doc));
            ObjectNode updated = ((ObjectNode) root).deepCopy();
            updated.set("flags", mapper.valueToTree(evaluation.flags()));
            updated.set("rules", mapper.valueToTree(ruleSet));
            RuledOutputs.write(runDir, updated, evaluation, ruleSet);
            AtomicFiles.write(resultFile, mapper.writeValueAsBytes(updated));
        } catch (IOException e) {
            throw new RulesException("rules.write_failed", runDir + ": cannot write rule outcomes (" + e.getMessage()
                    + "); result.json is unchanged or complete, never partial", e);
        }
        return evaluation;
    }
}
