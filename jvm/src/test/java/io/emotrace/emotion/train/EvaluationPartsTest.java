package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationPartsTest {

    @Test
    void metricsMatchAHandWorkedConfusionMatrix() {
        ClassMetrics m = new ClassMetrics(List.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.SAD));
        // angry: 3 right, 1 as happy; happy: 1 right, 1 as sad; sad: 2 right
        for (int i = 0; i < 3; i++) {
            m.add(Emotion.ANGRY, Emotion.ANGRY);
        }
        m.add(Emotion.ANGRY, Emotion.HAPPY);
        m.add(Emotion.HAPPY, Emotion.HAPPY);
        m.add(Emotion.HAPPY, Emotion.SAD);
        m.add(Emotion.SAD, Emotion.SAD);
        m.add(Emotion.SAD, Emotion.SAD);
        assertEquals(6 / 8.0, m.wa(), 1e-12);
        assertEquals((0.75 + 0.5 + 1.0) / 3, m.ua(), 1e-12);
        double f1Angry = 2 * 1.0 * 0.75 / 1.75;
        double f1Happy = 2 * 0.5 * 0.5 / 1.0;
        double f1Sad = 2 * (2 / 3.0) * 1.0 / (2 / 3.0 + 1.0);
        assertEquals((f1Angry + f1Happy + f1Sad) / 3, m.macroF1(), 1e-12);
        assertEquals(1, m.confusion()[0][1]);
    }

    @Test
    void foldsNeverShareASpeakerAndGiveCasiaLeaveOneSpeakerOut() {
        List<Sample> s = new ArrayList<>();
        for (int a = 1; a <= 24; a++) {
            for (int i = 0; i < 3; i++) {
                s.add(sample("ravdess", String.format("ravdess-%02d", a)));
            }
        }
        for (String c : List.of("a", "b", "c", "d")) {
            s.add(sample("casia", "casia-" + c));
        }
        Map<String, Integer> fold = SpeakerFolds.assign(s, 4);
        Set<Integer> casiaFolds = new HashSet<>();
        for (String c : List.of("a", "b", "c", "d")) {
            casiaFolds.add(fold.get("casia-" + c));
        }
        assertEquals(Set.of(0, 1, 2, 3), casiaFolds);
        int[] ravdessPerFold = new int[4];
        for (int a = 1; a <= 24; a++) {
            ravdessPerFold[fold.get(String.format("ravdess-%02d", a))]++;
        }
        for (int n : ravdessPerFold) {
            assertEquals(6, n);
        }
        assertEquals(fold, SpeakerFolds.assign(s, 4));
    }

    @Test
    void corpusLabelsMapOntoTheNineClasses() {
        assertEquals(Emotion.NEUTRAL, CorpusLabels.map("calm"));
        assertEquals(Emotion.FEARFUL, CorpusLabels.map("fear"));
        assertEquals(Emotion.DISGUSTED, CorpusLabels.map("disgust"));
        assertEquals(Emotion.SURPRISED, CorpusLabels.map("surprise"));
        assertEquals(null, CorpusLabels.map("boredom"));
        assertEquals(7, CorpusLabels.classesOf("ravdess").size());
        assertEquals(6, CorpusLabels.classesOf("casia").size());
        assertEquals(4, CorpusLabels.classesOf("urdu").size());
    }

    @Test
    void otherBoundIsTheLargestWhereLowConfidenceAnswersAreMostlyWrong() {
        // 100 answers: the 10 under 0.3 are all wrong, 0.3..0.4 has 10 answers with 5 right, the rest right
        double[] top = new double[100];
        boolean[] right = new boolean[100];
        for (int i = 0; i < 100; i++) {
            top[i] = i < 10 ? 0.25 : i < 20 ? 0.35 : 0.8;
            right[i] = i >= 20 || (i >= 10 && i % 2 == 0);
        }
        OtherCalibration.Result r = OtherCalibration.choose(top, right);
        // at 0.36 the 20 answers under it are 5/20 = 25% right (< 1/3) but 20% > 15% of answers: not allowed
        assertEquals(0.34, r.bound(), 1e-9);
        assertEquals(0.10, r.shareBelow(), 1e-9);
        assertTrue(r.accuracyBelow() < 1 / 3.0);
    }

    private static Sample sample(String corpus, String speaker) {
        return new Sample(new CorpusUtterance(corpus, Path.of("/x"), corpus + "/x", speaker, "angry", null),
                Emotion.ANGRY, new float[80], 1);
    }
}
