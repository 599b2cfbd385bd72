package io.emotrace.rules;

import static io.emotrace.domain.Emotion.NEUTRAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code silenceAfterQuestion}: a question (transcript ending in ?) followed by nobody speaking for a while. */
class SilenceAfterQuestionTest {
    static final String RULE = "{\"id\": \"unanswered\", \"when\": {\"type\": \"silenceAfterQuestion\", \"minSeconds\": 4},"
            + " \"then\": [{\"type\": \"flag\", \"flag\": \"unanswered-question\"},"
            + " {\"type\": \"alert\", \"severity\": \"warning\", \"message\": \"{speaker}: {reason}\"}]}";

    @Test
    void firesOnTheSilenceAfterAQuestionNotAfterStatementsOrQuickAnswers() {
        RuleEvaluation ev = Segments.rules(RULE).evaluate(Segments.analysis()
                .add("S1", 0, 3, NEUTRAL, 0.9, "can you hear me?")   // answered after 1 s: no
                .add("S2", 4, 6, NEUTRAL, 0.9, "yes I can")
                .add("S1", 6, 9, NEUTRAL, 0.9, "so what happened with the refund ?\u201d") // 6 s of nobody: fires
                .add("S2", 15, 18, NEUTRAL, 0.9, "well it is complicated")              // 8 s later, but no question
                .add("S1", 26, 28, NEUTRAL, 0.9, "okay")
                .add("S2", 28.5, 35, NEUTRAL, 0.9, "I see")
                .add("S1", 30, 33, NEUTRAL, 0.9, "你明白吗？")              // S2 still speaking until 35: 2 s only
                .add("S2", 37, 38, NEUTRAL, 0.9, "right")
                .add("S1", 40, 42, NEUTRAL, 0.9, "anyone?").build());      // last segment: nothing measured
        assertEquals(2, ev.outcomes().size(), ev.outcomes().toString());
        RuleOutcome flag = ev.outcomes().get(0);
        assertEquals("flag", flag.action());
        assertEquals("unanswered-question", flag.flag());
        assertEquals("S1", flag.speaker(), "the speaker who asked");
        assertEquals(9.0, flag.start());
        assertEquals(15.0, flag.end());
        assertNull(flag.segment(), "a history outcome covers the silence, not a segment");
        assertEquals(6.0, flag.explanation().scores().get("seconds"), 1e-9);
        assertEquals(List.of("so what happened with the refund ?\u201d"), flag.explanation().words());
        RuleOutcome alert = ev.outcomes().get(1);
        assertTrue(alert.message().startsWith("S1: 6.0 s of silence after S1 asked \"so what happened"),
                alert.message());
        assertEquals("warning", ev.flags().get(1).severity());
    }

    @Test
    void aFullWidthQuestionMarkCountsAndOverlappingSpeechIsNoSilence() {
        RuleEvaluation ev = Segments.rules(RULE).evaluate(Segments.analysis()
                .add("S1", 0, 2, NEUTRAL, 0.9, "你明白吗？")
                .add("S2", 1, 3, NEUTRAL, 0.9, "嗯")          // overlaps the question; ends 1 s after it
                .add("S1", 10, 11, NEUTRAL, 0.9, "好的").build());
        assertTrue(ev.outcomes().isEmpty(), "speech resumed 1 s after the question (S2 went on), then 7 s of "
                + "silence followed a statement, not a question: " + ev.outcomes());
        RuleEvaluation late = Segments.rules(RULE).evaluate(Segments.analysis()
                .add("S1", 0, 2, NEUTRAL, 0.9, "你明白吗？")
                .add("S2", 8, 9, NEUTRAL, 0.9, "嗯").build());
        assertEquals(2, late.outcomes().size(), "flag and alert: " + late.outcomes());
        assertEquals(6.0, late.outcomes().get(0).explanation().scores().get("seconds"), 1e-9);
    }

    @Test
    void questionDetectionIgnoresTrailingQuotesAndSpaces() {
        assertTrue(SilenceAfterQuestionCondition.isQuestion("really?  "));
        assertTrue(SilenceAfterQuestionCondition.isQuestion("he said \"really?\""));
        assertTrue(SilenceAfterQuestionCondition.isQuestion("是吗？」"));
        assertFalse(SilenceAfterQuestionCondition.isQuestion("really."));
        assertFalse(SilenceAfterQuestionCondition.isQuestion("why? because."));
        assertFalse(SilenceAfterQuestionCondition.isQuestion(""));
    }

    @Test
    void validationRequiresMinSecondsRejectsUnknownFieldsAndSegmentActions() {
        RuleParseResult r = RuleSet.parse(RuleSetValidationTest.doc("",
                "{\"id\": \"a\", \"when\": {\"type\": \"silenceAfterQuestion\", \"seconds\": 5},"
                        + " \"then\": [{\"type\": \"relabel\", \"emotion\": \"neutral\"}]},"
                        + "{\"id\": \"b\", \"when\": {\"type\": \"allOf\", \"conditions\": ["
                        + "{\"type\": \"silenceAfterQuestion\", \"minSeconds\": 3}]},"
                        + " \"then\": [{\"type\": \"flag\", \"flag\": \"x\"}]}"));
        assertFalse(r.valid());
        Map<String, RuleProblem> e = r.problems().stream().collect(Collectors.toMap(RuleProblem::pointer, p -> p,
                (a, b) -> a));
        assertTrue(e.containsKey("/rules/0/when/seconds"), e.keySet().toString());
        assertTrue(e.containsKey("/rules/0/when/minSeconds"), e.keySet().toString());
        assertTrue(e.get("/rules/0/then/0/type").expected().contains("history rule cannot change segments"));
        assertTrue(e.get("/rules/1/when/conditions/0/type").expected().contains("cannot be combined"));
    }
}
