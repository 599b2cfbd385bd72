package io.emotrace.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed cases; each comment gives the arithmetic. */
class DiarizationScorerTest {
    private static final double EPS = 1e-9;

    static RttmTurn t(String spk, double start, double end) {
        return new RttmTurn("f", spk, start, end);
    }

    static ScoreReport score(List<RttmTurn> ref, List<RttmTurn> hyp, double collar) {
        return DiarizationScorer.score(ref, hyp, null, collar);
    }

    static void assertComponents(DerComponents c, double total, double missed, double fa, double conf) {
        assertEquals(total, c.total(), EPS, "total");
        assertEquals(missed, c.missed(), EPS, "missed");
        assertEquals(fa, c.falseAlarm(), EPS, "false alarm");
        assertEquals(conf, c.confusion(), EPS, "confusion");
    }

    @Test
    void perfectHypothesisWithOtherLabelsIsZero() {
        ScoreReport r = score(List.of(t("A", 0, 10), t("B", 10, 20)), List.of(t("x", 0, 10), t("y", 10, 20)), 0);
        assertComponents(r.total(), 20, 0, 0, 0);
        assertEquals(0, r.total().der(), EPS);
        assertEquals(0, r.jer(), EPS);
        assertEquals(Map.of("A", "x", "B", "y"), r.files().get(0).mapping());
    }

    @Test
    void emptyHypothesisIsAllMissed() {
        ScoreReport r = score(List.of(t("A", 0, 10), t("B", 5, 20)), List.of(), 0);
        // overlap counts per speaker: 10 + 15
        assertComponents(r.total(), 25, 25, 0, 0);
        assertEquals(1.0, r.total().der(), EPS);
        assertEquals(1.0, r.jer(), EPS);
    }

    @Test
    void extraSpeechIsFalseAlarm() {
        ScoreReport r = score(List.of(t("A", 0, 10)), List.of(t("x", 0, 10), t("y", 10, 15)), 0);
        assertComponents(r.total(), 10, 0, 5, 0);
        assertEquals(0.5, r.total().der(), EPS);
        // a file with no reference speech at all: all false alarm, DER 1 by convention, not NaN
        ScoreReport none = DiarizationScorer.score(List.of(),
                List.of(new RttmTurn("g", "x", 1, 3)), null, 0);
        assertComponents(none.total(), 0, 0, 2, 0);
        assertEquals(1.0, none.total().der(), EPS);
        assertEquals(1.0, none.jer(), EPS);
    }

    @Test
    void labelPermutationIsFree() {
        ScoreReport r = score(List.of(t("A", 0, 5), t("B", 5, 10), t("C", 10, 15), t("A", 15, 20)),
                List.of(t("3", 0, 5), t("1", 5, 10), t("2", 10, 15), t("3", 15, 20)), 0);
        assertEquals(0, r.total().der(), EPS);
        assertEquals(Map.of("A", "3", "B", "1", "C", "2"), r.files().get(0).mapping());
    }

    @Test
    void optimalMappingBeatsGreedy() {
        // co-occurrence: A-x 10, A-y 9, B-x 8, B-y 0. Greedy takes A-x first and keeps 10 s;
        // the optimal mapping A-y, B-x keeps 17 s, so confusion = 27 - 17 = 10 (greedy would say 17)
        List<RttmTurn> ref = List.of(t("A", 0, 19), t("B", 19, 27));
        List<RttmTurn> hyp = List.of(t("x", 0, 10), t("y", 10, 19), t("x", 19, 27));
        ScoreReport r = score(ref, hyp, 0);
        assertComponents(r.total(), 27, 0, 0, 10);
        assertEquals(10.0 / 27, r.total().der(), EPS);
        assertEquals(Map.of("A", "y", "B", "x"), r.files().get(0).mapping());
    }

    @Test
    void overlapWithOneSpeakerFoundCountsTheOtherAsMissed() {
        // reference A 0-10 and B 5-10 (5 s of overlap); hypothesis one speaker 0-10 mapped to A:
        // total 15, missed 5 (B in the overlap), no confusion, DER 1/3
        ScoreReport r = score(List.of(t("A", 0, 10), t("B", 5, 10)), List.of(t("x", 0, 10)), 0);
        assertComponents(r.total(), 15, 5, 0, 0);
        assertEquals(1.0 / 3, r.total().der(), EPS);
        // a second hypothesis speaker in the overlap (x->A 10 s, y->B 5 s) makes it perfect
        ScoreReport both = score(List.of(t("A", 0, 10), t("B", 5, 10)), List.of(t("x", 0, 10), t("y", 5, 10)), 0);
        assertEquals(0, both.total().der(), EPS);
    }

    @Test
    void collarRemovesAQuarterSecondAroundReferenceBoundaries() {
        List<RttmTurn> ref = List.of(t("A", 0, 10), t("B", 10, 20));
        List<RttmTurn> hyp = List.of(t("x", 0, 11), t("y", 11, 20));
        // collar 0: B's first second is labelled x -> confusion 1 of 20
        ScoreReport c0 = score(ref, hyp, 0);
        assertComponents(c0.total(), 20, 0, 0, 1);
        assertEquals(0.05, c0.total().der(), EPS);
        // collar 0.25: unscored [0,0.25] [9.75,10.25] [19.75,20]; scored 19 s; confusion 10.25..11 = 0.75
        ScoreReport c25 = score(ref, hyp, 0.25);
        assertEquals(19, c25.total().scored(), EPS);
        assertComponents(c25.total(), 19, 0, 0, 0.75);
        assertEquals(0.75 / 19, c25.total().der(), EPS);
        // JER ignores the collar (as dscore): A 10/11, B 9/10
        double jer = ((1 - 10.0 / 11) + (1 - 9.0 / 10)) / 2;
        assertEquals(jer, c0.jer(), EPS);
        assertEquals(jer, c25.jer(), EPS);
        // a 1 s collar hides the whole error
        assertEquals(0, score(ref, hyp, 1.0).total().der(), EPS);
    }

    @Test
    void uemRestrictsTheScoredRegion() {
        List<RttmTurn> ref = List.of(t("A", 0, 10));
        List<RttmTurn> hyp = List.of(t("x", 0, 10), t("y", 12, 20));
        assertEquals(0.8, score(ref, hyp, 0).total().der(), EPS);
        ScoreReport clipped = DiarizationScorer.score(ref, hyp, List.of(new UemSegment("f", 0, 10)), 0);
        assertComponents(clipped.total(), 10, 0, 0, 0);
        // two UEM pieces [2,4] and [11,13]: A 2 s scored, y false alarm 12..13
        ScoreReport pieces = DiarizationScorer.score(ref, hyp,
                List.of(new UemSegment("f", 2, 4), new UemSegment("f", 11, 13)), 0);
        assertComponents(pieces.total(), 2, 0, 1, 0);
        assertEquals(4, pieces.total().scored(), EPS);
        // files outside the UEM are not scored and are reported
        ScoreReport other = DiarizationScorer.score(List.of(t("A", 0, 10), new RttmTurn("g", "A", 0, 5)), hyp,
                List.of(new UemSegment("f", 0, 10)), 0);
        assertEquals(1, other.files().size());
        assertTrue(other.warnings().stream().anyMatch(w -> w.contains("'g'")), other.warnings().toString());
    }

    @Test
    void nonAsciiSpeakerIdsAreDistinctSpeakers() {
        // MÉO069 and MEO069 are two people; folding accents would merge them
        List<RttmTurn> ref = List.of(t("MÉO069", 0, 5), t("MEO069", 5, 10));
        ScoreReport r = score(ref, List.of(t("Ö1", 0, 5), t("Ö2", 5, 10)), 0);
        assertEquals(0, r.total().der(), EPS);
        assertEquals(Map.of("MÉO069", "Ö1", "MEO069", "Ö2"), r.files().get(0).mapping());
        ScoreReport merged = score(ref, List.of(t("Ö1", 0, 10)), 0);
        assertComponents(merged.total(), 10, 0, 0, 5);
    }

    @Test
    void turnsOfOneSpeakerThatOverlapCountOnce() {
        ScoreReport r = score(List.of(t("A", 0, 10), t("A", 5, 15)), List.of(t("x", 0, 15)), 0);
        assertComponents(r.total(), 15, 0, 0, 0);
    }

    @Test
    void jerHandCases() {
        // A 0-10, B 10-20; x 0-12, y 12-20: A 1 - 10/12, B 1 - 8/10
        ScoreReport r = score(List.of(t("A", 0, 10), t("B", 10, 20)), List.of(t("x", 0, 12), t("y", 12, 20)), 0);
        assertEquals(((1 - 10.0 / 12) + (1 - 8.0 / 10)) / 2, r.jer(), EPS);
        // three reference speakers, one hypothesis speaker over all: one pair at Jaccard 1/3, two unmapped at 1
        ScoreReport one = score(List.of(t("A", 0, 10), t("B", 10, 20), t("C", 20, 30)), List.of(t("x", 0, 30)), 0);
        assertEquals(((1 - 1.0 / 3) + 1 + 1) / 3, one.jer(), EPS);
        // DER: x maps to one of them, the other 20 s are confusion
        assertEquals(20.0 / 30, one.total().der(), EPS);
    }

    @Test
    void multipleFilesSumDerAndPoolJerOverSpeakers() {
        List<RttmTurn> ref = new ArrayList<>(List.of(new RttmTurn("f1", "A", 0, 10)));
        List<RttmTurn> hyp = new ArrayList<>(List.of(new RttmTurn("f1", "x", 0, 10)));
        for (String s : List.of("A", "B", "C")) {
            int k = s.charAt(0) - 'A';
            ref.add(new RttmTurn("f2", s, 10 * k, 10 * k + 10));
        }
        hyp.add(new RttmTurn("f2", "x", 0, 30));
        ScoreReport r = DiarizationScorer.score(ref, hyp, null, 0);
        assertEquals(2, r.files().size());
        // DER: errors 0 + 20 over 10 + 30
        assertEquals(20.0 / 40, r.total().der(), EPS);
        // JER: dscore averages over all reference speakers (0, 2/3, 1, 1), not over files (0 and 8/9)
        assertEquals(0, r.files().get(0).jer(), EPS);
        assertEquals(8.0 / 9, r.files().get(1).jer(), EPS);
        assertEquals((0 + 2.0 / 3 + 1 + 1) / 4, r.jer(), EPS);
    }
}
