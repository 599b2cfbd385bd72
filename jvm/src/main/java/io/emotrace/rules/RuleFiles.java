package io.emotrace.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one rule evaluation into a folder that holds a run's outputs and is not yet published (a run's work
 * folder, or a rules revision being prepared): {@code rules.json} (outcomes with explanations, adjusted segments,
 * notes, which rule set by name/version/sha256, its document), result.json's {@code flags} and {@code rules}
 * fields, and timeline.json / transcript.txt with the rules' changes beside the models' labels
 * ({@link RuledOutputs}). Every other field of result.json stays as it was.
 */
public final class RuleFiles {
    public static final String RULES_FILE = "rules.json";
    static final int RULES_FILE_VERSION = 1;

    private RuleFiles() {
    }

    /**
     * Writes the outcome into {@code dir}, whose result.json (and timeline.json / transcript.txt where present) it
     * rewrites. Streamed field by field: a 3-hour result.json is ~30 MB, as a JSON tree several hundred MB of heap.
     */
    public static void write(Path dir, RuleSet rules, RuleEvaluation evaluation, String evaluatedAt)
            throws IOException {
        ObjectMapper mapper = ResultJson.mapper();
        Map<String, Object> ruleSet = new LinkedHashMap<>();
        ruleSet.put("name", rules.name());
        ruleSet.put("version", rules.version());
        ruleSet.put("sha256", rules.sha256());
        ruleSet.put("evaluatedAt", evaluatedAt);
        ruleSet.put("file", RULES_FILE);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rulesFileVersion", RULES_FILE_VERSION);
        doc.put("ruleSet", ruleSet);
        doc.put("evaluation", evaluation);
        doc.put("document", rules.source());
        AtomicFiles.writeJson(dir.resolve(RULES_FILE), mapper, doc);
        Path resultFile = dir.resolve(ResultJson.FILE_NAME);
        Map<String, ResultJsonStream.ValueWriter> fields = new LinkedHashMap<>();
        fields.put("flags", ResultJsonStream.tree(mapper, mapper.valueToTree(evaluation.flags())));
        fields.put("rules", ResultJsonStream.tree(mapper, mapper.valueToTree(ruleSet)));
        ResultJsonStream.rewrite(mapper, resultFile, fields);
        RuledOutputs.write(dir, resultFile, evaluation, ruleSet);
    }
}
