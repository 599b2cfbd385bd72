package io.emotrace.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emotrace.domain.Emotion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a rule document (schema version 1, see docs/rules.md) into immutable objects, collecting every problem
 * with its JSON Pointer. Only a document without errors becomes a {@link RuleSet}; nothing is built half-way.
 */
final class RuleDocumentParser {
    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern FLAG = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final List<String> SEGMENT_TYPES = List.of("emotion", "negation", "hedging", "politeness",
            "contradiction", "keywords", "allOf", "anyOf", "not");
    private static final List<String> HISTORY_TYPES = List.of("escalation", "volatility", "monologue", "silence",
            "silenceAfterQuestion");
    private static final List<String> ACTION_TYPES = List.of("scaleConfidence", "relabel", "bias", "flag", "alert");

    private final JsonFields f = new JsonFields();
    private Map<String, KeywordSet> keywordSets = Map.of();

    static RuleParseResult parse(String json) {
        return new RuleDocumentParser().run(json);
    }

    private RuleParseResult run(String json) {
        if (json == null || json.isBlank()) {
            f.error("", "a rule document (a JSON object)", "an empty document");
            return new RuleParseResult(null, f.problems);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            f.error("", "well-formed JSON", e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
            return new RuleParseResult(null, f.problems);
        }
        RuleSet set = document(root, json);
        return new RuleParseResult(f.hasErrors() ? null : set, f.problems);
    }

    private RuleSet document(JsonNode root, String source) {
        if (f.object(root, "", "a rule document") == null) {
            return null;
        }
        f.onlyFields(root, "", List.of("schemaVersion", "name", "version", "description", "defaultLanguage",
                "keywordSets", "rules"));
        Integer schema = f.integer(root, "", "schemaVersion", null, SCHEMA_VERSION, SCHEMA_VERSION);
        String name = f.string(root, "", "name", null, true);
        String version = f.string(root, "", "version", null, true);
        f.string(root, "", "description", "", false);
        String lang = language(root, "", "defaultLanguage", "en");
        keywordSets = keywordSets(root.get("keywordSets"), "/keywordSets");
        List<Rule> rules = new ArrayList<>();
        JsonNode list = root.get("rules");
        if (list == null || !list.isArray()) {
            f.error("/rules", "an array of rules", JsonFields.found(list));
        } else {
            Map<String, String> ids = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                String pointer = JsonFields.child("/rules", i);
                Rule r = rule(list.get(i), pointer);
                JsonNode id = list.get(i).path("id");
                if (id.isTextual()) { // checked even when the rule has other errors, so all show at once
                    String before = ids.putIfAbsent(id.asText(), pointer);
                    if (before != null) {
                        f.error(pointer + "/id", "an id not used before (" + before + " has it)", "\"" + id.asText()
                                + "\"");
                    }
                }
                if (r != null) {
                    rules.add(r);
                }
            }
        }
        if (f.hasErrors() || schema == null) {
            return null;
        }
        rules.sort((a, b) -> Integer.compare(b.priority(), a.priority())); // stable: ties keep document order
        return new RuleSet(name, version, lang, rules, keywordSets, source);
    }

    private String language(JsonNode obj, String pointer, String field, String dflt) {
        String s = f.string(obj, pointer, field, dflt, dflt == null);
        if (s != null && !LANGUAGE.matcher(s).matches()) {
            f.error(JsonFields.child(pointer, field), "an ISO 639 language code in lower case (en, de, fr, zh, ...)",
                    "\"" + s + "\"");
            return null;
        }
        return s;
    }

    private Map<String, KeywordSet> keywordSets(JsonNode n, String pointer) {
        if (n == null) {
            return Map.of();
        }
        if (f.object(n, pointer, "keyword sets by name") == null) {
            return Map.of();
        }
        Map<String, KeywordSet> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            KeywordSet k = keywordSet(e.getKey(), e.getValue(), JsonFields.child(pointer, e.getKey()));
            if (k != null) {
                out.put(e.getKey(), k);
            }
        });
        return Map.copyOf(out);
    }

    /** {"words": {"en": [...]}, "regexes": {"en": [...]}}: at least one list. */
    private KeywordSet keywordSet(String name, JsonNode n, String pointer) {
        if (f.object(n, pointer, "a keyword set with \"words\" and/or \"regexes\" by language") == null) {
            return null;
        }
        f.onlyFields(n, pointer, List.of("words", "regexes", "description"));
        Map<String, List<String>> words = byLanguage(n.get("words"), JsonFields.child(pointer, "words"));
        Map<String, List<com.google.re2j.Pattern>> regexes = new LinkedHashMap<>();
        byLanguage(n.get("regexes"), JsonFields.child(pointer, "regexes")).forEach((lang, list) -> {
            List<com.google.re2j.Pattern> ps = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String p = JsonFields.child(JsonFields.child(JsonFields.child(pointer, "regexes"), lang), i);
                com.google.re2j.Pattern compiled = KeywordRegex.compile(list.get(i), p, f);
                if (compiled != null) {
                    ps.add(compiled);
                }
            }
            regexes.put(lang, ps);
        });
        if (words.isEmpty() && regexes.isEmpty() && !n.has("words") && !n.has("regexes")) {
            f.error(pointer, "\"words\" and/or \"regexes\" (lists by language)", "neither");
        }
        return new KeywordSet(name, words, regexes);
    }

    private Map<String, List<String>> byLanguage(JsonNode n, String pointer) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        if (f.object(n, pointer, "lists by language code, e.g. {\"en\": [...]}") == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> {
            String p = JsonFields.child(pointer, e.getKey());
            if (!LANGUAGE.matcher(e.getKey()).matches()) {
                f.error(p, "an ISO 639 language code in lower case as key", "\"" + e.getKey() + "\"");
                return;
            }
            List<String> list = f.strings(e.getValue(), p, true);
            if (list != null) {
                out.put(e.getKey(), List.copyOf(list));
            }
        });
        return out;
    }

    private Rule rule(JsonNode n, String pointer) {
        if (f.object(n, pointer, "a rule") == null) {
            return null;
        }
        f.onlyFields(n, pointer, List.of("id", "description", "priority", "enabled", "scope", "when", "then"));
        String id = f.string(n, pointer, "id", null, true);
        if (id != null && !ID.matcher(id).matches()) {
            f.error(pointer + "/id", "letters, digits, '.', '_' or '-'", "\"" + id + "\"");
        }
        String description = f.string(n, pointer, "description", "", false);
        Integer priority = f.integer(n, pointer, "priority", 0, -1_000_000, 1_000_000);
        Boolean enabled = f.bool(n, pointer, "enabled", true);
        Scope scope = scope(n.get("scope"), pointer + "/scope");
        Condition when = n.has("when") ? condition(n.get("when"), pointer + "/when", false) : null;
        if (!n.has("when")) {
            f.error(pointer + "/when", "a condition (an object with \"type\")", "nothing (missing)");
        }
        // judged from the type, so a history rule's actions are checked even when its condition has errors
        boolean history = HISTORY_TYPES.contains(n.path("when").path("type").asText());
        List<Action> then = actions(n.get("then"), pointer + "/then", history);
        if (id == null || priority == null || enabled == null || scope == null || when == null || then == null) {
            return null;
        }
        return new Rule(id, description, priority, enabled, scope, when, then, pointer);
    }

    private Scope scope(JsonNode n, String pointer) {
        if (n == null) {
            return Scope.ALL;
        }
        if (f.object(n, pointer, "a scope with \"speakers\" and/or \"languages\"") == null) {
            return null;
        }
        f.onlyFields(n, pointer, List.of("speakers", "languages"));
        List<String> speakers = f.strings(n, pointer, "speakers", List.of(), false);
        List<String> languages = f.strings(n, pointer, "languages", List.of(), false);
        if (languages != null) {
            for (int i = 0; i < languages.size(); i++) {
                if (!LANGUAGE.matcher(languages.get(i)).matches()) {
                    f.error(pointer + "/languages/" + i, "an ISO 639 language code in lower case",
                            "\"" + languages.get(i) + "\"");
                }
            }
        }
        return speakers == null || languages == null ? null : new Scope(Set.copyOf(speakers), Set.copyOf(languages));
    }

    private Condition condition(JsonNode n, String p, boolean nested) {
        if (f.object(n, p, "a condition") == null) {
            return null;
        }
        List<String> types = new ArrayList<>(SEGMENT_TYPES);
        if (!nested) {
            types.addAll(HISTORY_TYPES);
        }
        if (nested && HISTORY_TYPES.contains(n.path("type").asText())) {
            f.error(p + "/type", "a segment condition, one of " + SEGMENT_TYPES
                    + " (history conditions cannot be combined)", JsonFields.found(n.get("type")));
            return null;
        }
        String type = f.choice(n, p, "type", types, null);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "emotion" -> {
                f.onlyFields(n, p, List.of("type", "emotions", "minConfidence", "maxConfidence"));
                Set<Emotion> em = f.emotions(n, p, "emotions", false);
                Double lo = f.number(n, p, "minConfidence", 0.0, 0, false, 1);
                Double hi = f.number(n, p, "maxConfidence", 1.0, 0, false, 1);
                if (lo != null && hi != null && lo > hi) {
                    f.error(p + "/maxConfidence", "a number >= minConfidence (" + lo + ")", JsonFields.fmt(hi));
                }
                yield em == null || lo == null || hi == null ? null : new EmotionCondition(em, lo, hi);
            }
            case "negation", "hedging" -> {
                f.onlyFields(n, p, List.of("type", "cues", "window", "minValence"));
                List<String> cues = f.strings(n, p, "cues", null, false);
                if (n.has("cues") && cues != null && cues.isEmpty()) {
                    f.error(p + "/cues", "a non-empty array of strings (or leave it out for the language's list)",
                            "an array of 0");
                }
                Integer window = f.integer(n, p, "window", type.equals("negation") ? 3 : 0, 0, 50);
                if (type.equals("negation") && window != null && window == 0) {
                    f.error(p + "/window", "an integer in [1, 50] for negation (words between cue and emotion word)",
                            "0");
                    window = null;
                }
                Double minValence = f.number(n, p, "minValence", 1.5, 0, true, 4);
                boolean bad = (n.has("cues") && cues == null) || window == null || minValence == null;
                yield bad ? null : new CueCondition(type, cues, window, minValence);
            }
            case "politeness" -> {
                f.onlyFields(n, p, List.of("type", "phrases", "maxConfidence"));
                List<String> phrases = f.strings(n, p, "phrases", null, false);
                Double max = f.number(n, p, "maxConfidence", 0.6, 0, true, 1);
                yield (n.has("phrases") && phrases == null) || max == null ? null
                        : new PolitenessCondition(phrases, max);
            }
            case "contradiction" -> {
                f.onlyFields(n, p, List.of("type", "text", "voice", "minConfidence", "minPolarity"));
                String text = f.choice(n, p, "text", List.of("positive", "negative"), null);
                Set<Emotion> voice = f.emotions(n, p, "voice", true);
                Double conf = f.number(n, p, "minConfidence", 0.7, 0, false, 1);
                Double pol = f.number(n, p, "minPolarity", 0.5, 0, true, 1);
                yield text == null || voice == null || conf == null || pol == null ? null
                        : new ContradictionCondition(text.equals("positive"), voice, conf, pol);
            }
            case "keywords" -> keywords(n, p);
            case "allOf", "anyOf" -> {
                f.onlyFields(n, p, List.of("type", "conditions"));
                JsonNode list = n.get("conditions");
                if (list == null || !list.isArray() || list.isEmpty()) {
                    f.error(p + "/conditions", "a non-empty array of segment conditions", JsonFields.found(list));
                    yield null;
                }
                List<SegmentCondition> parts = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    Condition c = condition(list.get(i), p + "/conditions/" + i, true);
                    if (c != null) {
                        parts.add((SegmentCondition) c);
                    }
                }
                yield parts.size() == list.size() ? new CombinedCondition(type, parts) : null;
            }
            case "not" -> {
                f.onlyFields(n, p, List.of("type", "condition"));
                Condition c = condition(n.get("condition"), p + "/condition", true);
                yield c == null ? null : new CombinedCondition("not", List.of((SegmentCondition) c));
            }
            case "escalation" -> {
                f.onlyFields(n, p, List.of("type", "emotions", "windowSeconds", "minShare", "minSegments",
                        "minConfidence"));
                Set<Emotion> em = f.emotions(n, p, "emotions", true);
                Double w = f.number(n, p, "windowSeconds", null, 0, true, 86_400);
                Double share = f.number(n, p, "minShare", null, 0, true, 1);
                Integer segs = f.integer(n, p, "minSegments", 2, 1, 10_000);
                Double conf = f.number(n, p, "minConfidence", 0.0, 0, false, 1);
                yield em == null || w == null || share == null || segs == null || conf == null ? null
                        : new EscalationCondition(em, w, share, segs, conf);
            }
            case "volatility" -> {
                f.onlyFields(n, p, List.of("type", "measure", "windowSeconds", "min", "minConfidence"));
                String measure = f.choice(n, p, "measure", List.of("changes", "drift"), "changes");
                Double w = f.number(n, p, "windowSeconds", null, 0, true, 86_400);
                Double min = "drift".equals(measure) ? f.number(n, p, "min", null, 0, true, 2)
                        : f.integer(n, p, "min", null, 1, 10_000) == null ? null : n.get("min").asDouble();
                Double conf = f.number(n, p, "minConfidence", 0.0, 0, false, 1);
                yield measure == null || w == null || min == null || conf == null ? null
                        : new VolatilityCondition(measure, w, min, conf);
            }
            case "monologue" -> {
                f.onlyFields(n, p, List.of("type", "minSeconds", "maxGapSeconds"));
                Double min = f.number(n, p, "minSeconds", null, 0, true, 86_400);
                Double gap = f.number(n, p, "maxGapSeconds", 1.0, 0, false, 3_600);
                yield min == null || gap == null ? null : new MonologueCondition(min, gap);
            }
            case "silence" -> {
                f.onlyFields(n, p, List.of("type", "minSeconds", "per"));
                Double min = f.number(n, p, "minSeconds", null, 0, true, 86_400);
                String per = f.choice(n, p, "per", List.of("conversation", "speaker"), "conversation");
                yield min == null || per == null ? null : new SilenceCondition(min, per.equals("speaker"));
            }
            case "silenceAfterQuestion" -> {
                f.onlyFields(n, p, List.of("type", "minSeconds"));
                Double min = f.number(n, p, "minSeconds", null, 0, true, 86_400);
                yield min == null ? null : new SilenceAfterQuestionCondition(min);
            }
            default -> throw new IllegalStateException(type);
        };
    }

    private Condition keywords(JsonNode n, String p) {
        f.onlyFields(n, p, List.of("type", "set", "words", "regexes", "minMatches"));
        Integer min = f.integer(n, p, "minMatches", 1, 1, 1_000);
        boolean inline = n.has("words") || n.has("regexes");
        if (n.has("set") == inline) {
            f.error(p, "either \"set\" (a name from /keywordSets) or inline \"words\"/\"regexes\"",
                    inline ? "both" : "neither");
            return null;
        }
        if (!inline) {
            String name = f.string(n, p, "set", null, true);
            if (name != null && !keywordSets.containsKey(name)) {
                f.error(p + "/set", "the name of a set in /keywordSets " + keywordSets.keySet(), "\"" + name + "\"");
                return null;
            }
            return name == null || min == null ? null : new KeywordCondition(name, null, min);
        }
        JsonNode copy = n.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("type", "minMatches"));
        KeywordSet set = keywordSet("inline", copy, p);
        return set == null || min == null ? null : new KeywordCondition(null, set, min);
    }

    private List<Action> actions(JsonNode n, String pointer, boolean history) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            f.error(pointer, "a non-empty array of actions", JsonFields.found(n));
            return null;
        }
        List<Action> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            Action a = action(n.get(i), pointer + "/" + i, history);
            if (a != null) {
                out.add(a);
            }
        }
        return out.size() == n.size() ? out : null;
    }

    private Action action(JsonNode n, String p, boolean history) {
        if (f.object(n, p, "an action") == null) {
            return null;
        }
        String type = f.choice(n, p, "type", ACTION_TYPES, null);
        if (type == null) {
            return null;
        }
        if (history && List.of("scaleConfidence", "relabel", "bias").contains(type)) {
            f.error(p + "/type", "\"flag\" or \"alert\" (a history rule cannot change segments)", "\"" + type + "\"");
            return null;
        }
        return switch (type) {
            case "scaleConfidence" -> {
                f.onlyFields(n, p, List.of("type", "factor"));
                Double factor = f.number(n, p, "factor", null, 0, true, 1);
                yield factor == null ? null : new Action.ScaleConfidence(factor);
            }
            case "relabel" -> {
                f.onlyFields(n, p, List.of("type", "emotion"));
                Emotion e = f.emotion(n, p, "emotion");
                yield e == null ? null : new Action.Relabel(e);
            }
            case "bias" -> {
                f.onlyFields(n, p, List.of("type", "toward", "amount"));
                Emotion e = f.emotion(n, p, "toward");
                Double amount = f.number(n, p, "amount", null, 0, true, 1);
                yield e == null || amount == null ? null : new Action.Bias(e, amount);
            }
            case "flag" -> {
                f.onlyFields(n, p, List.of("type", "flag"));
                String flag = f.string(n, p, "flag", null, true);
                if (flag != null && !FLAG.matcher(flag).matches()) {
                    f.error(p + "/flag", "lower-case letters, digits, '-', '_' or '.' (e.g. masked-emotion)",
                            "\"" + flag + "\"");
                    yield null;
                }
                yield flag == null ? null : new Action.AddFlag(flag);
            }
            case "alert" -> {
                f.onlyFields(n, p, List.of("type", "severity", "message"));
                String severity = f.choice(n, p, "severity", List.of("info", "warning", "critical"), null);
                String message = f.string(n, p, "message", "{reason}", false);
                yield severity == null || message == null ? null : new Action.RaiseAlert(severity, message);
            }
            default -> throw new IllegalStateException(type);
        };
    }
}
