package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.domain.Emotion;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-checkable numbers for the LOCO metrics: UA, WA, macro-F1, ECE, temperature fit, balanced weights. */
class CalibrationTest {

    @Test
    void uaWaAndMacroF1OnASmallConfusion() {
        ClassMetrics m = new ClassMetrics(List.of(Emotion.ANGRY, Emotion.SAD));
        // angry: 3 right, 1 called sad; sad: 1 right, 1 called angry -> confusion [[3,1],[1,1]]
        for (int i = 0; i < 3; i++) {
            m.add(Emotion.ANGRY, Emotion.ANGRY);
        }
        m.add(Emotion.ANGRY, Emotion.SAD);
        m.add(Emotion.SAD, Emotion.SAD);
        m.add(Emotion.SAD, Emotion.ANGRY);
        assertArrayEquals(new int[] {3, 1}, m.confusion()[0]);
        assertEquals(4 / 6.0, m.wa(), 1e-12);             // 4 of 6 right
        assertEquals((3 / 4.0 + 1 / 2.0) / 2, m.ua(), 1e-12); // recalls 0.75 and 0.5
        // F1 angry: precision 3/4, recall 3/4 -> 0.75; sad: 1/2, 1/2 -> 0.5
        assertEquals(0.625, m.macroF1(), 1e-12);
    }

    @Test
    void eceOfFifteenBins() {
        double[] conf = {0.9, 0.9, 0.9, 0.9, 0.3, 0.3};
        boolean[] right = {true, true, true, false, true, false};
        // bin (13/15, 14/15]: 4 clips, accuracy 0.75 vs confidence 0.9 -> 4/6 * 0.15 = 0.1
        // bin (4/15, 5/15]: 2 clips, accuracy 0.5 vs confidence 0.3 -> 2/6 * 0.2 = 0.0667
        assertEquals(0.1 + 0.2 / 3, Calibration.ece(conf, right, 15), 1e-12);
        Calibration.Reliability r = Calibration.reliability(conf, right, 15);
        assertEquals(4, r.count()[13]);
        assertEquals(2, r.count()[4]);
        // perfectly calibrated: confidence 0.75, right 3 of 4 -> 0; the edges 0 and 1 land in the first and last bin
        assertEquals(0, Calibration.ece(new double[] {0.75, 0.75, 0.75, 0.75}, new boolean[] {true, true, true, false}, 15), 1e-12);
        Calibration.Reliability edges = Calibration.reliability(new double[] {0.0, 1.0}, new boolean[] {false, true}, 15);
        assertEquals(1, edges.count()[0]);
        assertEquals(1, edges.count()[14]);
        assertEquals(0, edges.ece(), 1e-12);
    }

    @Test
    void temperatureFitMatchesTheClosedForm() {
        // four clips with logits (4, 0): three are class 0, one class 1. NLL is lowest where
        // sigmoid(4 / T) = 3/4, i.e. T = 4 / ln 3 = 3.641
        float[][] logits = {{4, 0}, {4, 0}, {4, 0}, {4, 0}};
        int[] labels = {0, 0, 0, 1};
        float[] mask = {0, 0};
        double t = Calibration.fitTemperature(logits, labels, mask);
        assertEquals(4 / Math.log(3), t, 1e-3);
        double[] p = Calibration.softmax(logits[0], mask, t);
        assertEquals(0.75, p[0], 1e-4);
        assertTrue(Calibration.nll(logits, labels, mask, t) < Calibration.nll(logits, labels, mask, 1.0));
        // a masked class gets no probability
        double[] q = Calibration.softmax(new float[] {1, 2, 3}, new float[] {0, 0, -1e4f}, 1);
        assertEquals(1 / (1 + Math.E), q[0], 1e-9);
        assertEquals(0, q[2], 1e-12);
        // nothing to fit: 1
        assertEquals(1.0, Calibration.fitTemperature(new float[0][], new int[0], mask));
    }

    @Test
    void reliabilitySvgNamesBothEces() {
        Calibration.Reliability a = Calibration.reliability(new double[] {0.9, 0.9}, new boolean[] {true, false}, 15);
        Calibration.Reliability b = Calibration.reliability(new double[] {0.6, 0.6}, new boolean[] {true, false}, 15);
        String svg = Calibration.reliabilitySvg("t <x>", a, b, "raw", "scaled");
        assertTrue(svg.startsWith("<svg") && svg.contains("raw: ECE 0.400") && svg.contains("scaled: ECE 0.100"), svg);
        assertTrue(svg.contains("t &lt;x&gt;"));
    }

    @Test
    void modelCardTemperatureIsOptional() throws Exception {
        String old = "{\"version\":1,\"bins\":80,\"channels\":16,\"embDim\":16,\"features\":\"f\",\"frameRate\":50,"
                + "\"otherBelow\":0.38,\"origin\":\"o\",\"blocks\":2}";
        var card = io.emotrace.emotion.embedded.EmbeddedWeights.readCard(old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1.0, card.logitScale());
        var scaled = io.emotrace.emotion.embedded.EmbeddedWeights.readCard(old.replace("}", ",\"temperature\":1.5}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1.5, scaled.logitScale());
        assertEquals(0.38, scaled.otherBelow());
    }

    private static Sample clip(String corpus, String speaker, Emotion e) {
        return new Sample(new CorpusUtterance(corpus, Path.of("x"), "x", speaker, e.english(), null), e, new float[0], 0);
    }

    @Test
    void corpusBalancedWeightsBalanceClassesWithinEachCorpus() {
        // corpus a: 3 angry + 1 sad (2 classes, 4 clips): angry 4/(2*3) = 2/3, sad 4/(2*1) = 2; corpus b: 1 clip -> 1
        List<Sample> s = List.of(clip("a", "a1", Emotion.ANGRY), clip("a", "a1", Emotion.ANGRY), clip("a", "a1", Emotion.ANGRY),
                clip("a", "a1", Emotion.SAD), clip("b", "b1", Emotion.HAPPY));
        float[] w = EmotionTrainer.corpusBalancedWeights(s);
        assertArrayEquals(new float[] {2 / 3f, 2 / 3f, 2 / 3f, 2f, 1f}, w, 1e-6f);
    }

    @Test
    void validationTakesEverySixthSpeakerOfCorporaWithFiveOrMore() {
        List<Sample> s = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            s.add(clip("big", String.format("big-%02d", i), Emotion.ANGRY));
        }
        for (int i = 0; i < 4; i++) {
            s.add(clip("small", "small-" + i, Emotion.ANGRY));
        }
        assertEquals(Set.of("big-03", "big-09"), LocoRun.validationSpeakers(s));
    }
}
