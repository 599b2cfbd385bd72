package io.emotrace.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.domain.Emotion;
import io.emotrace.output.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesReevaluatorTest {
    @TempDir
    Path dir;

    private Path run() throws Exception {
        return StoredRuns.write(dir, List.of(
                StoredRuns.segment("S1", 0, 3, StoredRuns.scores(Emotion.ANGRY.ordinal(), 0.9f),
                        "this is wonderful thank you so much"),
                StoredRuns.segment("S2", 3, 6, StoredRuns.scores(Emotion.NEUTRAL.ordinal(), 0.8f),
                        "i want a refund"),
                StoredRuns.segment("S1", 20, 22, null, "")));
    }

    @Test
    void adapterReadsWhatThePipelineWrites() throws Exception {
        StoredAnalysis a = ResultJsonAdapter.read(run());
        assertEquals(3, a.segments().size());
        assertEquals(List.of("S1", "S2"), a.speakers());
        SegmentView s = a.segments().get(0);
        assertEquals(Emotion.ANGRY, s.emotion());
        assertEquals(0.9, s.confidence(), 1e-6);
        assertEquals(9, s.scores().size());
        assertEquals(7, s.words().size());
        assertEquals(null, a.segments().get(2).emotion());
        assertEquals("", a.segments().get(2).text());
    }

    @Test
    void reevaluationPublishesRevisionsBesideTheRunAndNeverTouchesIt() throws Exception {
        Path run = run();
        byte[] published = Files.readAllBytes(run.resolve("result.json"));
        JsonNode before = ResultJson.mapper().readTree(run.resolve("result.json").toFile());
        Instant t0 = Instant.parse("2026-02-03T04:05:06Z");
        RuleEvaluation ev = new RulesReevaluator(Clock.fixed(t0, ZoneOffset.UTC)).apply(RuleSet.defaults(), run);
        assertTrue(ev.outcomes().stream().anyMatch(o -> o.rule().equals("masked-emotion")));
        assertTrue(ev.outcomes().stream().anyMatch(o -> o.rule().equals("complaint-keywords")));
        assertTrue(ev.outcomes().stream().anyMatch(o -> o.rule().equals("long-silence")));

        Path first = RuleRevisions.latest(run).orElseThrow();
        assertEquals(RuleRevisions.folder(run).resolve("0001"), first);
        assertArrayEquals(published, Files.readAllBytes(run.resolve("result.json")), "published run untouched");
        assertFalse(Files.exists(run.resolve("rules.json")));
        JsonNode after = ResultJson.mapper().readTree(first.resolve("result.json").toFile());
        assertEquals(before.get("segments"), after.get("segments"), "stored analysis untouched");
        assertEquals(before.get("input"), after.get("input"));
        assertEquals(ev.flags().size(), after.get("flags").size());
        assertFalse(after.get("flags").toString().contains("old-rule"));
        assertEquals(RuleSet.defaults().sha256(), after.path("rules").path("sha256").asText());
        JsonNode rules = ResultJson.mapper().readTree(first.resolve("rules.json").toFile());
        assertEquals("emotrace-default", rules.path("ruleSet").path("name").asText());
        assertEquals(ev.outcomes().size(), rules.path("evaluation").path("outcomes").size());
        assertTrue(rules.path("evaluation").path("outcomes").get(0).has("explanation"));
        assertEquals(RuleSet.defaultSource(), rules.path("document").asText());

        // a changed rule set re-evaluates the same run into revision 2; revision 1 stays as the history
        RuleSet onlyKeywords = Segments.rules("{\"id\": \"refund\", \"when\": {\"type\": \"keywords\","
                + " \"words\": {\"en\": [\"refund\"]}}, \"then\": [{\"type\": \"alert\", \"severity\": \"warning\"}]}");
        RuleEvaluation second = new RulesReevaluator(Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC))
                .apply(onlyKeywords, run);
        assertEquals(1, second.outcomes().size());
        Path current = RuleRevisions.current(run);
        assertEquals(RuleRevisions.folder(run).resolve("0002"), current);
        JsonNode now = ResultJson.mapper().readTree(current.resolve("result.json").toFile());
        assertEquals(1, now.get("flags").size());
        assertEquals("refund", now.get("flags").get(0).get("rule").asText());
        assertEquals(before.get("segments"), now.get("segments"), "a revision starts from the run's own result");
        assertEquals("emotrace-default", ResultJson.mapper().readTree(first.resolve("rules.json").toFile())
                .path("ruleSet").path("name").asText());
        assertEquals("2026-02-03T04:05:06Z", ResultJson.mapper().readTree(first.resolve("rules.json").toFile())
                .path("ruleSet").path("evaluatedAt").asText());
        try (Stream<Path> left = Files.list(RuleRevisions.folder(run))) {
            assertEquals(List.of("0001", "0002"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no partial revision left");
        }
        assertArrayEquals(published, Files.readAllBytes(run.resolve("result.json")), "published run untouched");
    }

    @Test
    void unreadableRunsGiveTypedErrors() throws Exception {
        RulesException missing = assertThrows(RulesException.class, () -> ResultJsonAdapter.read(dir));
        assertEquals("rules.run_not_found", missing.code());
        Files.writeString(dir.resolve("result.json"), "{\"segments\": 3}");
        assertEquals("rules.run_schema", assertThrows(RulesException.class, () -> ResultJsonAdapter.read(dir)).code());
        Files.writeString(dir.resolve("result.json"), "{nope");
        assertEquals("rules.run_unreadable",
                assertThrows(RulesException.class, () -> ResultJsonAdapter.read(dir)).code());
        Files.writeString(dir.resolve("result.json"), "{\"segments\": [{\"start\": 0, \"end\": 1,"
                + " \"emotion\": {\"emotion\": \"furious\", \"confidence\": 1}}]}");
        assertTrue(assertThrows(RulesException.class, () -> ResultJsonAdapter.read(dir)).getMessage()
                .contains("unknown emotion 'furious'"));
    }

    @Test
    void checkWarnsAboutSpeakersAndLanguagesTheRunDoesNotHave() throws Exception {
        RuleSet rs = Segments.rulesWith(", \"defaultLanguage\": \"ur\"",
                "{\"id\": \"s9\", \"scope\": {\"speakers\": [\"S9\"]}, \"when\": {\"type\": \"keywords\","
                        + " \"words\": {\"en\": [\"refund\"]}}, \"then\": [{\"type\": \"flag\", \"flag\": \"x\"}]}");
        List<RuleProblem> w = rs.check(ResultJsonAdapter.read(run()));
        assertEquals(3, w.size(), w.toString());
        assertTrue(w.stream().allMatch(p -> p.severity() == RuleProblem.Severity.WARNING));
        assertTrue(w.get(0).pointer().equals("/rules/0/scope/speakers") && w.get(0).found().contains("S9"));
        assertTrue(w.get(1).expected().contains("'ur'"));
        assertTrue(w.get(2).found().contains("'ur'"));
    }
}
