package io.emotrace.rules;

import static io.emotrace.domain.Emotion.ANGRY;
import static io.emotrace.domain.Emotion.HAPPY;
import static io.emotrace.domain.Emotion.NEUTRAL;
import static io.emotrace.domain.Emotion.SAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentRulesTest {
    private static final String NEGATION = "{\"id\": \"neg\", \"when\": {\"type\": \"negation\", \"window\": 3},"
            + " \"then\": [{\"type\": \"scaleConfidence\", \"factor\": 0.5}]}";

    private static List<RuleOutcome> fired(RuleEvaluation ev, String rule) {
        return ev.outcomes().stream().filter(o -> o.rule().equals(rule)).toList();
    }

    @Test
    void negationNearAnEmotionWordDampensConfidence() {
        RuleSet rs = Segments.rules(NEGATION);
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 2, HAPPY, 0.8, "i am not happy with this")
                .add("S1", 2, 4, HAPPY, 0.8, "i am happy and not in a hurry today at all")
                .add("S2", 4, 6, SAD, 0.9, "that isn't great")
                .build());
        List<RuleOutcome> out = fired(ev, "neg");
        assertEquals(List.of(0, 2), out.stream().map(RuleOutcome::segment).toList(), ev.outcomes().toString());
        assertEquals(List.of("not", "happy"), out.get(0).explanation().words());
        assertEquals(List.of("isn't", "great"), out.get(1).explanation().words());
        assertEquals(0.4, ev.adjustments().get(0).confidenceAfter(), 1e-9);
        assertEquals(0.8, ev.adjustments().get(0).confidenceBefore(), 1e-9);
        assertTrue(out.get(0).change().contains("0.80 -> happy 0.40"), out.get(0).change());
    }

    @Test
    void negationCuesExistForEveryShippedLanguage() {
        RuleSet rs = Segments.rules(NEGATION);
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 1, SAD, 0.9, "ich bin nicht glücklich", "de", null)
                .add("S1", 1, 2, SAD, 0.9, "je ne suis pas content", "fr", null)
                .add("S1", 2, 3, SAD, 0.9, "我 不 开心", "zh", null)
                .add("S1", 3, 4, SAD, 0.9, "我不开心", "zh", null)
                .add("S1", 4, 5, SAD, 0.9, "main khush nahin hoon", "ur", null)
                .build());
        assertEquals(List.of(0, 1, 2, 3), fired(ev, "neg").stream().map(RuleOutcome::segment).toList());
        assertTrue(ev.notes().stream().anyMatch(n -> n.contains("'ur'")), ev.notes().toString());
    }

    @Test
    void hedgingAnywhereOrNearEmotionWords() {
        RuleSet rs = Segments.rules("{\"id\": \"hedge\", \"when\": {\"type\": \"hedging\"},"
                + " \"then\": [{\"type\": \"scaleConfidence\", \"factor\": 0.8}]}",
                "{\"id\": \"hedge-near\", \"when\": {\"type\": \"hedging\", \"window\": 2},"
                        + " \"then\": [{\"type\": \"flag\", \"flag\": \"hedged\"}]}");
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 2, ANGRY, 0.9, "i think i am kind of angry")
                .add("S1", 2, 4, ANGRY, 0.9, "maybe we can meet on tuesday afternoon then")
                .add("S1", 4, 6, ANGRY, 0.9, "we can meet on tuesday")
                .build());
        assertEquals(List.of(0, 1), fired(ev, "hedge").stream().map(RuleOutcome::segment).toList());
        assertEquals(List.of(0), fired(ev, "hedge-near").stream().map(RuleOutcome::segment).toList());
        assertEquals(0.72, ev.adjustments().get(0).confidenceAfter(), 1e-9);
    }

    @Test
    void politenessBiasesWeakReadingsTowardNeutral() {
        RuleSet rs = Segments.rules("{\"id\": \"polite\", \"when\": {\"type\": \"politeness\", \"maxConfidence\": 0.6},"
                + " \"then\": [{\"type\": \"bias\", \"toward\": \"neutral\", \"amount\": 0.4}]}");
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 2, ANGRY, 0.5, "thank you for waiting")
                .add("S1", 2, 4, ANGRY, 0.9, "thank you for nothing")
                .add("S1", 4, 6, ANGRY, 0.5, "where is my order")
                .add("S2", 6, 8, SAD, 0.45, "bitte schön", "de", null)
                .add("S2", 8, 9, SAD, 0.45, "谢谢你", "zh", null)
                .build());
        assertEquals(List.of(0, 3, 4), fired(ev, "polite").stream().map(RuleOutcome::segment).toList());
        SegmentAdjustment a = ev.adjustments().get(0);
        assertEquals(NEUTRAL, a.emotionAfter());
        // neutral: 0.5/8 * 0.6 + 0.4 = 0.4375 > angry: 0.5 * 0.6 = 0.3
        assertEquals(0.4375, a.confidenceAfter(), 1e-9);
        assertEquals(List.of("thank you"), fired(ev, "polite").get(0).explanation().words());
    }

    @Test
    void contradictionFlagsMaskedEmotionAndTheReverse() {
        RuleSet rs = RuleSet.defaults();
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 3, ANGRY, 0.85, "oh great this is wonderful thank you so much")
                .add("S1", 3, 6, ANGRY, 0.5, "oh great this is wonderful thank you so much")
                .add("S2", 6, 9, HAPPY, 0.9, "this is terrible and i hate it")
                .add("S2", 9, 12, SAD, 0.9, "this is not good at all")
                .add("S2", 12, 15, SAD, 0.8, "das ist wunderbar und toll", "de", null)
                .build());
        List<RuleOutcome> masked = fired(ev, "masked-emotion");
        assertEquals(List.of(0, 0, 4, 4), masked.stream().map(RuleOutcome::segment).toList());
        assertTrue(masked.stream().anyMatch(o -> "masked-emotion".equals(o.flag())));
        assertTrue(masked.stream().anyMatch(o -> "warning".equals(o.severity())));
        RuleOutcome m = masked.get(0);
        assertTrue(m.explanation().scores().get("textPolarity") > 0.4);
        assertEquals(0.85, m.explanation().scores().get("confidence"), 1e-9);
        assertTrue(m.explanation().words().stream().anyMatch(w -> w.startsWith("wonderful(")), m.toString());
        assertTrue(masked.stream().noneMatch(o -> o.segment() == 1), "weak voice: no contradiction");
        assertTrue(masked.stream().noneMatch(o -> o.segment() == 3), "'not good' is negative, sad fits");
        assertTrue(masked.stream().anyMatch(o -> o.segment() == 4), "German lexicon");
        List<RuleOutcome> reverse = fired(ev, "incongruent-positive-voice");
        assertEquals(List.of(2), reverse.stream().map(RuleOutcome::segment).toList());
        assertTrue(reverse.get(0).explanation().scores().get("textPolarity") < -0.4);
    }

    @Test
    void keywordListsAndRegexesPerLanguage() {
        RuleSet rs = RuleSet.defaults();
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 3, NEUTRAL, 0.9, "i want to cancel my subscription and speak to your manager")
                .add("S1", 3, 6, NEUTRAL, 0.9, "ich will mit ihrem Vorgesetzten sprechen", "de", null)
                .add("S1", 6, 9, NEUTRAL, 0.9, "je vais appeler mon avocat", "fr", null)
                .add("S1", 9, 12, NEUTRAL, 0.9, "我要投诉你们", "zh", null)
                .add("S1", 12, 15, NEUTRAL, 0.9, "i'll sue you", "en", null)
                .add("S1", 15, 18, NEUTRAL, 0.9, "ye bilkul bakwas hai", "ur", null)
                .build());
        List<RuleOutcome> complaint = fired(ev, "complaint-keywords");
        assertEquals(List.of(0, 1, 3), complaint.stream().map(RuleOutcome::segment).toList());
        assertTrue(complaint.get(0).explanation().words().containsAll(
                List.of("manager", "cancel", "cancel my subscription", "speak to your manager")),
                complaint.get(0).explanation().words().toString());
        assertEquals(List.of("vorgesetzten", "mit ihrem Vorgesetzten"), complaint.get(1).explanation().words());
        List<RuleOutcome> legal = fired(ev, "legal-threat");
        assertEquals(List.of(2, 4), legal.stream().map(RuleOutcome::segment).toList());
        assertEquals("critical", legal.get(0).severity());
        assertTrue(ev.notes().stream().anyMatch(n -> n.contains("no list for language 'ur'")), ev.notes().toString());
    }

    @Test
    void emotionConditionRelabelAndCombinators() {
        RuleSet rs = Segments.rules("{\"id\": \"weak-sad-is-neutral\", \"when\": {\"type\": \"allOf\", \"conditions\": ["
                + "{\"type\": \"emotion\", \"emotions\": [\"sad\"], \"maxConfidence\": 0.5},"
                + "{\"type\": \"not\", \"condition\": {\"type\": \"keywords\", \"words\": {\"en\": [\"sorry\"]}}}]},"
                + " \"then\": [{\"type\": \"relabel\", \"emotion\": \"neutral\"}, {\"type\": \"flag\", \"flag\": \"relabelled\"}]}");
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 1, SAD, 0.4, "ok fine")
                .add("S1", 1, 2, SAD, 0.4, "i am sorry")
                .add("S1", 2, 3, SAD, 0.9, "ok fine")
                .build());
        assertEquals(1, ev.adjustments().size());
        assertEquals(NEUTRAL, ev.adjustments().get(0).emotionAfter());
        assertEquals(0.6 / 8, ev.adjustments().get(0).confidenceAfter(), 1e-9);
        assertEquals(2, ev.outcomes().size());
        assertEquals(1, ev.flags().size());
        assertTrue(ev.flags().get(0).message().startsWith("relabelled: "));
    }

    @Test
    void scopeAndPriorityDecideWhatRunsAndInWhichOrder() {
        RuleSet rs = Segments.rules(
                "{\"id\": \"late\", \"priority\": 1, \"when\": {\"type\": \"emotion\", \"emotions\": [\"neutral\"]},"
                        + " \"then\": [{\"type\": \"flag\", \"flag\": \"neutral-after-relabel\"}]}",
                "{\"id\": \"early\", \"priority\": 9, \"scope\": {\"speakers\": [\"S2\"]},"
                        + " \"when\": {\"type\": \"emotion\", \"emotions\": [\"angry\"]},"
                        + " \"then\": [{\"type\": \"relabel\", \"emotion\": \"neutral\"}]}",
                "{\"id\": \"off\", \"enabled\": false, \"when\": {\"type\": \"emotion\"},"
                        + " \"then\": [{\"type\": \"flag\", \"flag\": \"never\"}]}",
                "{\"id\": \"german-only\", \"scope\": {\"languages\": [\"de\"]}, \"when\": {\"type\": \"emotion\"},"
                        + " \"then\": [{\"type\": \"flag\", \"flag\": \"german\"}]}");
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 1, ANGRY, 0.9, "x")
                .add("S2", 1, 2, ANGRY, 0.9, "x")
                .build());
        assertEquals(List.of("early", "late"), ev.outcomes().stream().map(RuleOutcome::rule).toList());
        assertEquals(1, ev.outcomes().get(1).segment());
    }

    @Test
    void emptyTranscriptsAndMissingEmotionsAreNotesNotCrashes() {
        RuleEvaluation ev = RuleSet.defaults().evaluate(Segments.analysis()
                .add("S1", 0, 1, null, 0, "")
                .add("S1", 1, 2, ANGRY, 0.9, "")
                .build());
        assertTrue(ev.outcomes().isEmpty(), ev.outcomes().toString());
        assertTrue(ev.notes().stream().anyMatch(n -> n.contains("no transcript")), ev.notes().toString());
        RuleEvaluation none = RuleSet.defaults().evaluate(Segments.analysis().build());
        assertTrue(none.notes().stream().anyMatch(n -> n.contains("no segments")));
        RuleSet scale = Segments.rules("{\"id\": \"k\", \"when\": {\"type\": \"keywords\", \"words\": {\"en\": [\"refund\"]}},"
                + " \"then\": [{\"type\": \"scaleConfidence\", \"factor\": 0.5}]}");
        RuleEvaluation noEmotion = scale.evaluate(Segments.analysis().add("S1", 0, 1, null, 0, "refund please").build());
        assertTrue(noEmotion.outcomes().isEmpty());
        assertTrue(noEmotion.notes().get(0).contains("without an emotion"), noEmotion.notes().toString());
    }
}
