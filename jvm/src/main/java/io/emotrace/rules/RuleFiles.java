package io.emotrace.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** {@code result} is the folder's result.json as read (left as it is); written back with the rule outcome. */
    public static void write(Path dir, JsonNode result, RuleSet rules, RuleEvaluation evaluation, String evaluatedAt)
            throws IOException {
        writeOwned(dir, ((ObjectNode) result).deepCopy(), rules, evaluation, evaluatedAt);
    }

    /** As above, reading the folder's result.json first (its tree is this call's own: no copy of it is made). */
    public static void write(Path dir, RuleSet rules, RuleEvaluation evaluation, String evaluatedAt)
            throws IOException {
        JsonNode result = ResultJson.mapper().readTree(dir.resolve(ResultJson.FILE_NAME).toFile());
        if (!(result instanceof ObjectNode owned)) {
            throw new IOException(dir.resolve(ResultJson.FILE_NAME) + " is not a JSON object");
        }
        writeOwned(dir, owned, rules, evaluation, evaluatedAt);
    }

    /**
     * {@code updated} is changed in place: a 3-hour result is ~30 MB of JSON and its tree several times that, so
     * it is neither copied nor held as bytes (the files are streamed).
     */
    private static void writeOwned(Path dir, ObjectNode updated, RuleSet rules, RuleEvaluation evaluation,
                                   String evaluatedAt) throws IOException {
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
        updated.set("flags", mapper.valueToTree(evaluation.flags()));
        updated.set("rules", mapper.valueToTree(ruleSet));
        // result.json first: RuledOutputs then marks the ruled turns in this tree's timelines for timeline.json
        AtomicFiles.writeJson(dir.resolve(ResultJson.FILE_NAME), mapper, updated);
        RuledOutputs.write(dir, updated, evaluation, ruleSet);
    }
}
