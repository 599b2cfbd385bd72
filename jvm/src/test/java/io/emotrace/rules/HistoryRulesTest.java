package io.emotrace.rules;

import static io.emotrace.domain.Emotion.ANGRY;
import static io.emotrace.domain.Emotion.HAPPY;
import static io.emotrace.domain.Emotion.NEUTRAL;
import static io.emotrace.domain.Emotion.SAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryRulesTest {
    private static RuleEvaluation run(String rule, Segments segments) {
        return Segments.rules(rule).evaluate(segments.build());
    }

    @Test
    void escalationFiresWhenTheShareCrossesTheBoundAndOnlyOncePerEpisode() {
        String rule = "{\"id\": \"esc\", \"when\": {\"type\": \"escalation\", \"emotions\": [\"angry\"],"
                + " \"windowSeconds\": 30, \"minShare\": 0.6, \"minSegments\": 2},"
                + " \"then\": [{\"type\": \"alert\", \"severity\": \"critical\", \"message\": \"{speaker}: {reason}\"}]}";
        Segments s = Segments.analysis()
                .add("S1", 0, 10, NEUTRAL, 0.9, "")
                .add("S2", 10, 12, ANGRY, 0.9, "")      // another speaker's anger never counts for S1
                .add("S1", 12, 20, ANGRY, 0.9, "")      // 8 of 18 s angry in [-10, 20]: 44%
                .add("S1", 20, 30, ANGRY, 0.9, "")      // 18 of 28 s in [0, 30]: 64% -> fires
                .add("S1", 30, 40, ANGRY, 0.9, "")      // still above: no second alert
                .add("S1", 40, 70, NEUTRAL, 0.9, "")    // falls below
                .add("S1", 70, 75, ANGRY, 0.9, "")
                .add("S1", 75, 90, ANGRY, 0.9, "");     // above again -> second episode
        RuleEvaluation ev = run(rule, s);
        assertEquals(List.of(30.0, 90.0), ev.outcomes().stream().map(RuleOutcome::end).toList());
        RuleOutcome first = ev.outcomes().get(0);
        assertEquals("S1", first.speaker());
        assertNull(first.segment(), "history outcomes cover a stretch, not one segment");
        assertEquals(30.0, first.end());
        assertEquals(18.0 / 28.0, first.explanation().scores().get("share"), 1e-9);
        assertTrue(first.message().startsWith("S1: 64% of 28.0 s of talk in the last 30 s was angry"), first.message());
        assertEquals("critical", ev.flags().get(0).severity());
    }

    @Test
    void weakReadingsDoNotEscalateOrFlapWhenAConfidenceBoundIsSet() {
        Segments s = Segments.analysis()
                .add("S1", 0, 10, ANGRY, 0.3, "")
                .add("S1", 10, 20, HAPPY, 0.3, "")
                .add("S1", 20, 30, ANGRY, 0.35, "")
                .add("S1", 30, 40, SAD, 0.3, "")
                .add("S1", 40, 50, ANGRY, 0.9, "");
        String esc = "{\"id\": \"esc\", \"when\": {\"type\": \"escalation\", \"emotions\": [\"angry\"],"
                + " \"windowSeconds\": 60, \"minShare\": 0.5%s}, \"then\": [{\"type\": \"alert\", \"severity\": \"info\"}]}";
        assertEquals(1, run(String.format(esc, ""), s).outcomes().size(), "without a bound 30 of 50 s count as angry");
        assertTrue(run(String.format(esc, ", \"minConfidence\": 0.5"), s).outcomes().isEmpty(), "only 10 s are");
        String vol = "{\"id\": \"vol\", \"when\": {\"type\": \"volatility\", \"windowSeconds\": 60, \"min\": 3%s},"
                + " \"then\": [{\"type\": \"flag\", \"flag\": \"volatile\"}]}";
        assertEquals(1, run(String.format(vol, ""), s).outcomes().size());
        assertTrue(run(String.format(vol, ", \"minConfidence\": 0.5"), s).outcomes().isEmpty());
    }

    @Test
    void volatilityCountsChangesOfTheDominantEmotion() {
        String rule = "{\"id\": \"vol\", \"when\": {\"type\": \"volatility\", \"measure\": \"changes\","
                + " \"windowSeconds\": 20, \"min\": 3}, \"then\": [{\"type\": \"flag\", \"flag\": \"volatile\"}]}";
        RuleEvaluation ev = run(rule, Segments.analysis()
                .add("S1", 0, 4, HAPPY, 0.9, "")
                .add("S1", 4, 8, SAD, 0.9, "")
                .add("S1", 8, 12, HAPPY, 0.9, "")
                .add("S1", 12, 16, ANGRY, 0.9, "")
                .add("S2", 16, 20, HAPPY, 0.9, "")
                .add("S2", 20, 24, HAPPY, 0.9, ""));
        assertEquals(1, ev.outcomes().size(), ev.outcomes().toString());
        RuleOutcome o = ev.outcomes().get(0);
        assertEquals("S1", o.speaker());
        assertEquals(3.0, o.explanation().scores().get("changes"));
        assertTrue(o.message().contains("happy > sad > happy > angry"), o.message());
    }

    @Test
    void driftUsesEmbeddingsWhenStoredElseScoreVectors() {
        String rule = "{\"id\": \"drift\", \"when\": {\"type\": \"volatility\", \"measure\": \"drift\","
                + " \"windowSeconds\": 60, \"min\": 0.5}, \"then\": [{\"type\": \"alert\", \"severity\": \"info\"}]}";
        RuleEvaluation withEmb = run(rule, Segments.analysis()
                .add("S1", 0, 5, NEUTRAL, 0.9, "", null, new float[] {1, 0, 0})
                .add("S1", 5, 10, NEUTRAL, 0.9, "", null, new float[] {0, 1, 0})
                .add("S1", 10, 15, NEUTRAL, 0.9, "", null, new float[] {0, 0, 1}));
        assertEquals(1, withEmb.outcomes().size());
        assertEquals(1.0, withEmb.outcomes().get(0).explanation().scores().get("drift"), 1e-6);
        assertTrue(withEmb.outcomes().get(0).message().contains("emotion embeddings"));

        RuleEvaluation steady = run(rule, Segments.analysis()
                .add("S1", 0, 5, NEUTRAL, 0.9, "", null, new float[] {1, 0, 0})
                .add("S1", 5, 10, ANGRY, 0.9, "", null, new float[] {0.9f, 0.1f, 0}));
        assertTrue(steady.outcomes().isEmpty(), "embeddings barely move although the labels differ");

        RuleEvaluation scores = run(rule, Segments.analysis()
                .add("S1", 0, 5, HAPPY, 0.95, "")
                .add("S1", 5, 10, ANGRY, 0.95, ""));
        assertEquals(1, scores.outcomes().size());
        assertTrue(scores.outcomes().get(0).message().contains("score vectors"));
    }

    @Test
    void monologueJoinsTurnsWithShortPausesUntilSomeoneElseSpeaks() {
        String rule = "{\"id\": \"mono\", \"when\": {\"type\": \"monologue\", \"minSeconds\": 60, \"maxGapSeconds\": 2},"
                + " \"then\": [{\"type\": \"alert\", \"severity\": \"info\"}]}";
        RuleEvaluation ev = run(rule, Segments.analysis()
                .add("S1", 0, 30, NEUTRAL, 0.9, "")
                .add("S1", 31, 50, NEUTRAL, 0.9, "")
                .add("S1", 51.5, 70, NEUTRAL, 0.9, "")     // 70 s with two short pauses -> one monologue
                .add("S2", 71, 72, NEUTRAL, 0.9, "")
                .add("S1", 73, 120, NEUTRAL, 0.9, "")
                .add("S2", 120.5, 121, NEUTRAL, 0.9, "")
                .add("S1", 121.5, 150, NEUTRAL, 0.9, ""));  // S2 interrupted: 47 s and 28.5 s, none
        assertEquals(1, ev.outcomes().size(), ev.outcomes().toString());
        RuleOutcome o = ev.outcomes().get(0);
        assertEquals(0.0, o.start());
        assertEquals(70.0, o.end());
        assertEquals("S1", o.speaker());
    }

    @Test
    void silencesInTheConversationAndPerSpeaker() {
        Segments s = Segments.analysis()
                .add("S1", 0, 5, NEUTRAL, 0.9, "")
                .add("S2", 4, 8, NEUTRAL, 0.9, "")
                .add("S1", 20, 25, NEUTRAL, 0.9, "")      // 12 s of nobody
                .add("S2", 25, 60, NEUTRAL, 0.9, "")
                .add("S1", 61, 62, NEUTRAL, 0.9, "");     // S1 quiet 36 s while S2 talked
        RuleEvaluation conv = run("{\"id\": \"gap\", \"when\": {\"type\": \"silence\", \"minSeconds\": 10},"
                + " \"then\": [{\"type\": \"alert\", \"severity\": \"info\"}]}", s);
        assertEquals(1, conv.outcomes().size());
        assertEquals(8.0, conv.outcomes().get(0).start());
        assertEquals(20.0, conv.outcomes().get(0).end());
        assertEquals("S1", conv.outcomes().get(0).speaker(), "the speaker who breaks the silence");
        RuleEvaluation per = run("{\"id\": \"quiet\", \"when\": {\"type\": \"silence\", \"minSeconds\": 30,"
                + " \"per\": \"speaker\"}, \"then\": [{\"type\": \"flag\", \"flag\": \"quiet\"}]}", s);
        assertEquals(1, per.outcomes().size());
        assertEquals("S1", per.outcomes().get(0).speaker());
        assertEquals(36.0, per.outcomes().get(0).explanation().scores().get("seconds"), 1e-9);
    }

    @Test
    void historyRulesSeeTheAdjustedEmotions() {
        RuleSet rs = Segments.rules(
                "{\"id\": \"relabel-weak\", \"priority\": 5, \"when\": {\"type\": \"emotion\", \"emotions\": [\"angry\"],"
                        + " \"maxConfidence\": 0.6}, \"then\": [{\"type\": \"relabel\", \"emotion\": \"neutral\"}]}",
                "{\"id\": \"esc\", \"when\": {\"type\": \"escalation\", \"emotions\": [\"angry\"], \"windowSeconds\": 60,"
                        + " \"minShare\": 0.5}, \"then\": [{\"type\": \"alert\", \"severity\": \"warning\"}]}");
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 10, ANGRY, 0.5, "")
                .add("S1", 10, 20, ANGRY, 0.55, "")
                .build());
        assertEquals(List.of("relabel-weak", "relabel-weak"), ev.outcomes().stream().map(RuleOutcome::rule).toList());
    }
}
