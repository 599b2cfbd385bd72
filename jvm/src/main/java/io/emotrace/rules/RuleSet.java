package io.emotrace.rules;

import io.emotrace.Digests;
import io.emotrace.rules.text.LanguagePacks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed, validated, immutable rule document: the facade of the rules engine.
 * <pre>{@code
 * RuleParseResult parsed = RuleSet.parse(json);           // every problem at once, never half a rule set
 * RuleSet rules = parsed.orThrow("my-rules.json");
 * RuleEvaluation out = rules.evaluate(ResultJsonAdapter.read(runDir));
 * }</pre>
 * {@link #source()} is the exact document text and {@link #sha256()} its hash, recorded with every evaluation.
 */
public final class RuleSet {
    public static final String DEFAULT_RESOURCE = "io/emotrace/rules/default-rules.json";

    private final String name;
    private final String version;
    private final String defaultLanguage;
    private final List<Rule> rules;
    private final Map<String, KeywordSet> keywordSets;
    private final String source;
    private final String sha256;

    RuleSet(String name, String version, String defaultLanguage, List<Rule> rules,
            Map<String, KeywordSet> keywordSets, String source) {
        this.name = name;
        this.version = version;
        this.defaultLanguage = defaultLanguage;
        this.rules = List.copyOf(rules);
        this.keywordSets = Map.copyOf(keywordSets);
        this.source = source;
        this.sha256 = sha256(source);
    }

    /** Parses and validates a rule document; the result lists every problem with its JSON Pointer. */
    public static RuleParseResult parse(String json) {
        return RuleDocumentParser.parse(json);
    }

    public static RuleParseResult parse(Path file) throws RulesException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RulesException("rules.unreadable", file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses a file and fails with every error listed when it is not valid. */
    public static RuleSet load(Path file) throws RulesException {
        return parse(file).orThrow(file.toString());
    }

    /** The rule set shipped with emotrace (resources {@value #DEFAULT_RESOURCE}). */
    public static RuleSet defaults() {
        try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orThrow(DEFAULT_RESOURCE);
        } catch (IOException | RulesException e) {
            throw new IllegalStateException("the shipped default rules are broken: " + e.getMessage(), e);
        }
    }

    /** The default rule document's text, e.g. for GET /api/rules before any PUT. */
    public static String defaultSource() {
        return defaults().source();
    }

    /** Applies the rules to a stored or in-memory analysis; no model runs, nothing is written. No time limit. */
    public RuleEvaluation evaluate(StoredAnalysis analysis) {
        return RuleEvaluator.evaluate(this, analysis, EvaluationBudget.UNLIMITED);
    }

    /** Segments one {@code budget} covers: longer recordings get it once per this many segments. */
    public static final int SEGMENTS_PER_BUDGET = 1000;

    /**
     * Like {@link #evaluate(StoredAnalysis)} but stops with {@code rules.timeout} once the budget has passed (or the
     * thread is interrupted): a service must not let one rule set hold a thread. The budget is {@code budget} per
     * {@value #SEGMENTS_PER_BUDGET} segments begun, so a 3-hour meeting (7 000 segments) is not refused for its
     * length while a costly rule set still ends in time proportional to its input. {@code null}: no limit.
     */
    public RuleEvaluation evaluate(StoredAnalysis analysis, Duration budget) throws RulesException {
        try {
            return RuleEvaluator.evaluate(this, analysis, EvaluationBudget.of(scaled(budget, analysis.segments().size())));
        } catch (EvaluationBudget.Exceeded e) {
            throw new RulesException("rules.timeout", e.getMessage());
        }
    }

    static Duration scaled(Duration budget, int segments) {
        if (budget == null) {
            return null;
        }
        long blocks = Math.max(1, (segments + (long) SEGMENTS_PER_BUDGET - 1) / SEGMENTS_PER_BUDGET);
        return budget.multipliedBy(blocks);
    }

    /**
     * Warnings for this rule set on one analysis: speakers in a scope that the run does not have, languages in the
     * run that a keyword rule has no list for or that no language pack covers.
     */
    public List<RuleProblem> check(StoredAnalysis analysis) {
        JsonFields w = new JsonFields();
        Set<String> languages = new LinkedHashSet<>();
        for (SegmentView s : analysis.segments()) {
            languages.add(s.language() != null ? s.language()
                    : analysis.language() != null ? analysis.language() : defaultLanguage);
        }
        for (Rule r : rules) {
            List<String> speakers = r.scope().speakers().stream().sorted().toList();
            for (String sp : speakers) {
                if (!analysis.speakers().contains(sp)) {
                    w.warning(r.pointer() + "/scope/speakers", "speakers of this analysis " + analysis.speakers(),
                            "\"" + sp + "\" (the rule never fires for it)");
                }
            }
            if (r.when() instanceof KeywordCondition k) {
                KeywordSet set = k.inline() != null ? k.inline() : keywordSets.get(k.setName());
                for (String lang : languages) {
                    if (r.scope().languages().isEmpty() || r.scope().languages().contains(lang)) {
                        if (!set.languages().contains(lang)) {
                            w.warning(r.pointer() + "/when", "a keyword list for language '" + lang
                                    + "' used in this analysis", "lists for " + set.languages());
                        }
                    }
                }
            }
        }
        for (String lang : languages) {
            if (!LanguagePacks.SHIPPED.contains(lang)) {
                w.warning("/defaultLanguage", "a language with negation/hedging/politeness lists and a lexicon "
                        + LanguagePacks.SHIPPED, "'" + lang + "' in this analysis (those rules skip it)");
            }
        }
        return w.problems;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String defaultLanguage() {
        return defaultLanguage;
    }

    /** In evaluation order: priority high to low, then document order. */
    public List<Rule> rules() {
        return rules;
    }

    public Map<String, KeywordSet> keywordSets() {
        return keywordSets;
    }

    public String source() {
        return source;
    }

    public String sha256() {
        return sha256;
    }

    private static String sha256(String s) {
        return Digests.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + rules.size() + " rules, sha256 " + sha256.substring(0, 12) + ")";
    }
}
