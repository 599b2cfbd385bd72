package io.emotrace.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleSetValidationTest {
    static String doc(String rules) {
        return doc("", rules);
    }

    static String doc(String extra, String rules) {
        return "{\"schemaVersion\": 1, \"name\": \"t\", \"version\": \"1\"" + extra + ", \"rules\": [" + rules + "]}";
    }

    private static Map<String, RuleProblem> errorsByPointer(RuleParseResult r) {
        return r.errors().stream().collect(Collectors.toMap(RuleProblem::pointer, p -> p, (a, b) -> a));
    }

    @Test
    void shippedDefaultsAreValidAndOrderedByPriority() {
        RuleSet d = RuleSet.defaults();
        assertEquals("emotrace-default", d.name());
        assertTrue(d.rules().size() >= 10);
        for (int i = 1; i < d.rules().size(); i++) {
            assertTrue(d.rules().get(i - 1).priority() >= d.rules().get(i).priority());
        }
        assertEquals(List.of("de", "en", "fr", "zh"), List.copyOf(d.keywordSets().get("complaint").languages()));
        assertEquals(64, d.sha256().length());
    }

    @Test
    void everyErrorIsReportedAtOnceWithItsPointer() {
        String json = doc(", \"keywordSets\": {\"k\": {\"regexes\": {\"en\": [\"(unclosed\"]}}}",
                "{\"id\": \"a\", \"prority\": 3, \"when\": {\"type\": \"emotion\", \"emotions\": [\"angy\"]},"
                        + " \"then\": [{\"type\": \"scaleConfidence\", \"factor\": 1.5}]},"
                        + "{\"id\": \"a\", \"when\": {\"type\": \"escalation\", \"emotions\": [\"angry\"],"
                        + " \"windowSeconds\": -5, \"minShare\": 0.5}, \"then\": [{\"type\": \"relabel\", \"emotion\": \"sad\"}]},"
                        + "{\"id\": \"c\", \"when\": {\"type\": \"keywords\", \"set\": \"nope\"}, \"then\": []},"
                        + "{\"id\": \"d\", \"scope\": {\"languages\": [\"English\"]}, \"when\": {\"type\": \"sarcasm\"},"
                        + " \"then\": [{\"type\": \"alert\", \"severity\": \"high\"}]}");
        RuleParseResult r = RuleSet.parse(json);
        assertFalse(r.valid());
        assertNull(r.ruleSet(), "a document with errors is never usable, not even in part");
        Map<String, RuleProblem> e = errorsByPointer(r);
        assertTrue(e.get("/keywordSets/k/regexes/en/0").found().contains("missing closing )"), e.toString());
        assertTrue(e.containsKey("/rules/0/prority"), e.keySet().toString());
        assertTrue(e.get("/rules/0/when/emotions/0").expected().contains("angry"));
        assertEquals("\"angy\"", e.get("/rules/0/when/emotions/0").found());
        assertEquals("1.5", e.get("/rules/0/then/0/factor").found());
        assertTrue(e.get("/rules/1/id").expected().contains("/rules/0"), "duplicate id names the first holder");
        assertEquals("-5", e.get("/rules/1/when/windowSeconds").found());
        assertTrue(e.get("/rules/1/then/0/type").expected().contains("history rule cannot change segments"));
        assertTrue(e.containsKey("/rules/2/when/set"));
        assertEquals("an array of 0", e.get("/rules/2/then").found());
        assertTrue(e.containsKey("/rules/3/scope/languages/0"));
        assertTrue(e.get("/rules/3/when/type").expected().contains("escalation"));
        assertTrue(e.get("/rules/3/then/0/severity").expected().contains("critical"));
        assertEquals(12, r.errors().size(), r.errors().toString());
    }

    @Test
    void syntaxErrorsSayWhere() {
        RuleParseResult r = RuleSet.parse("{\"schemaVersion\": 1,\n \"name\": \"x\" \"version\": 2}");
        assertEquals(1, r.errors().size());
        assertEquals("", r.errors().get(0).pointer());
        assertTrue(r.errors().get(0).found().contains("line 2"), r.errors().get(0).found());
        assertFalse(RuleSet.parse("").valid());
        assertFalse(RuleSet.parse("[]").valid());
        assertTrue(RuleSet.parse("{\"schemaVersion\": 1, \"name\": \"x\", \"version\": \"1\", \"name\": \"y\","
                + " \"rules\": []}").errors().get(0).found().contains("Duplicate field"));
    }

    @Test
    void missingAndWrongTopLevelFields() {
        RuleParseResult r = RuleSet.parse("{\"schemaVersion\": 2, \"rules\": {}, \"defaultLanguage\": \"EN\"}");
        Map<String, RuleProblem> e = errorsByPointer(r);
        assertEquals("2", e.get("/schemaVersion").found());
        assertEquals("nothing (missing)", e.get("/name").found());
        assertEquals("nothing (missing)", e.get("/version").found());
        assertEquals("an object", e.get("/rules").found());
        assertTrue(e.containsKey("/defaultLanguage"));
    }

    @Test
    void historyConditionsCannotBeCombinedAndNegationNeedsAWindow() {
        RuleParseResult r = RuleSet.parse(doc("{\"id\": \"x\", \"when\": {\"type\": \"allOf\", \"conditions\": ["
                + "{\"type\": \"silence\", \"minSeconds\": 3}, {\"type\": \"negation\", \"window\": 0}]},"
                + " \"then\": [{\"type\": \"flag\", \"flag\": \"Bad Flag\"}]}"));
        Map<String, RuleProblem> e = errorsByPointer(r);
        assertTrue(e.get("/rules/0/when/conditions/0/type").expected().contains("cannot be combined"));
        assertTrue(e.containsKey("/rules/0/when/conditions/1/window"));
        assertTrue(e.containsKey("/rules/0/then/0/flag"));
    }

    @Test
    void orThrowListsEveryErrorInTheMessage() {
        RulesException ex = assertThrows(RulesException.class,
                () -> RuleSet.parse(doc("{\"id\": \"x\"}")).orThrow("my.json"));
        assertEquals("rules.invalid", ex.code());
        assertEquals(2, ex.problems().size());
        assertTrue(ex.getMessage().contains("/rules/0/when") && ex.getMessage().contains("/rules/0/then"));
        assertTrue(ex.getMessage().contains("nothing applied"));
    }

    @Test
    void jsonFormForTheService() throws Exception {
        RuleParseResult r = RuleSet.parse(doc("{\"id\": \"x\"}"));
        com.fasterxml.jackson.databind.JsonNode json = io.emotrace.output.ResultJson.mapper().valueToTree(r);
        assertFalse(json.get("valid").asBoolean());
        assertEquals(2, json.get("problems").size());
        com.fasterxml.jackson.databind.JsonNode p = json.get("problems").get(0);
        assertEquals("ERROR", p.get("severity").asText());
        assertEquals("/rules/0/when", p.get("pointer").asText());
        assertEquals("nothing (missing)", p.get("found").asText());
        assertTrue(p.get("message").asText().startsWith("error at /rules/0/when: expected"));
        java.util.Set<String> fields = new java.util.TreeSet<>();
        p.fieldNames().forEachRemaining(fields::add);
        assertEquals(java.util.Set.of("severity", "pointer", "expected", "found", "message"), fields);
    }

    @Test
    void validMinimalDocumentWithDefaults() {
        RuleParseResult r = RuleSet.parse(doc("{\"id\": \"n\", \"when\": {\"type\": \"negation\"},"
                + " \"then\": [{\"type\": \"scaleConfidence\", \"factor\": 0.5}]}"));
        assertTrue(r.valid(), r.problems().toString());
        Rule rule = r.ruleSet().rules().get(0);
        assertTrue(rule.enabled());
        assertEquals(0, rule.priority());
        assertEquals(Scope.ALL, rule.scope());
        assertEquals("en", r.ruleSet().defaultLanguage());
    }
}
