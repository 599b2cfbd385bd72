package io.emotrace.rules;

import static io.emotrace.domain.Emotion.NEUTRAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Issue 13: keyword regexes run in linear time, and what RE2 cannot run safely is a problem at its pointer. */
class KeywordRegexTest {
    private static String withRegex(String regexJson) {
        return RuleSetValidationTest.doc(", \"keywordSets\": {\"k\": {\"regexes\": {\"en\": [" + regexJson + "]}}}",
                "{\"id\": \"r\", \"when\": {\"type\": \"keywords\", \"set\": \"k\"},"
                        + " \"then\": [{\"type\": \"flag\", \"flag\": \"hit\"}]}");
    }

    private static RuleSet valid(String json) {
        RuleParseResult r = RuleSet.parse(json);
        assertTrue(r.valid(), r.problems().toString());
        return r.ruleSet();
    }

    private static Map<String, RuleProblem> errors(String regexJson) {
        return RuleSet.parse(withRegex(regexJson)).errors().stream()
                .collect(Collectors.toMap(RuleProblem::pointer, p -> p, (a, b) -> a));
    }

    @Test
    void backreferencesLookaroundOverlongAndExplodingRepetitionsAreRejectedAtTheirPointer() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String bad : new String[]{"\"(\\\\w+\\\\s?)+\\\\1\\\\d\"", "\"(?=x)y\"",
                    "\"((a{1000}){1000}){1000}\"", "\"(?:x{100}){300}\"", "\"" + "a".repeat(1001) + "\""}) {
                Map<String, RuleProblem> e = errors(bad);
                assertTrue(e.containsKey("/keywordSets/k/regexes/en/0"), bad + " -> " + e);
            }
        });
        assertTrue(errors("\"(\\\\w+\\\\s?)+\\\\1\\\\d\"").get("/keywordSets/k/regexes/en/0").found()
                .contains("invalid escape sequence"));
    }

    @Test
    void expansionEstimateFollowsNestingNotTheSumOfCounts() {
        assertEquals(4, KeywordRegex.estimatedSize("abcd"));
        assertEquals(1000, KeywordRegex.estimatedSize("a{1000}"));
        assertEquals(1_000_000, KeywordRegex.estimatedSize("(a{1000}){1000}"));
        assertEquals(1003, KeywordRegex.estimatedSize("a{3}b{1000}"), "siblings add up");
        assertEquals(3, KeywordRegex.estimatedSize("[{}]{,"), "braces in a class or without a count are literals");
        assertEquals(5, KeywordRegex.estimatedSize("\\Q{100}\\E"), "quoted text is literal");
    }

    @Test
    void formerlyCatastrophicRegexesMatchInLinearTime() {
        RuleSet rs = valid(withRegex("\".*.*.*.*\\\\d\", \"(x+x+)+y\""));
        String text = ("word ".repeat(4000)).trim();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            RuleEvaluation ev = rs.evaluate(Segments.analysis().language("en")
                    .add("S1", 0, 2, NEUTRAL, 0.8, text).add("S1", 2, 4, NEUTRAL, 0.8, "x".repeat(5000)).build(),
                    Duration.ofSeconds(4));
            assertTrue(ev.outcomes().isEmpty(), ev.outcomes().toString());
        });
    }

    @Test
    void anEvaluationOverItsBudgetStopsWithATypedError() {
        RuleSet rs = valid(withRegex("\"(?:[a-z]+\\\\s?){1,50}q\""));
        Segments a = Segments.analysis().language("en");
        String text = ("lorem ipsum dolor ".repeat(300)).trim();
        for (int i = 0; i < 2000; i++) {
            a.add("S1", i, i + 1, NEUTRAL, 0.8, text);
        }
        StoredAnalysis analysis = a.build();
        long t0 = System.nanoTime();
        RulesException e = assertThrows(RulesException.class, () -> rs.evaluate(analysis, Duration.ofMillis(100)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("rules.timeout", e.code());
        assertTrue(ms < 2000, "stopped " + ms + " ms after a 100 ms budget");
        assertFalse(e.getMessage().isBlank());
    }
}
