package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.EmotionNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Test-time batch-norm statistics: estimated from the clips, used for them only, the network's own restored. */
class NormAdaptationTest {
    private static final int BINS = 16;
    private static final int FRAMES = 30;

    private static List<Sample> clips(int n, double offset, String speakerPrefix, int speakers, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] fb = new float[FRAMES * BINS];
            for (int k = 0; k < fb.length; k++) {
                // per-bin offsets that the clip's level mean does not remove
                fb[k] = (float) (offset * ((k % BINS) - BINS / 2.0) / BINS + 2 * r.nextGaussian());
            }
            String speaker = speakerPrefix + (i % speakers);
            out.add(new Sample(new CorpusUtterance("c", Path.of("x" + i), "x" + i, speaker, "angry", null), Emotion.ANGRY,
                    fb, FRAMES));
        }
        return out;
    }

    @Test
    void theCorpusIsHeardAsOneAndTheNetworksOwnAnswersStay() {
        List<Sample> test = clips(16, 40, "s", 2, 1);
        try (EmotionNet net = new EmotionNet(BINS, 8, 8)) {
            float[][] plain = EmotionTrainer.logits(net, test, BINS);
            float[][] adapted = NormAdaptation.CORPUS.logits(net, test, BINS);
            float[][] again = NormAdaptation.NONE.logits(net, test, BINS);
            double moved = 0;
            for (int i = 0; i < test.size(); i++) {
                assertArrayEquals(plain[i], again[i], 0f, "the network's statistics are not written");
                for (int c = 0; c < plain[i].length; c++) {
                    moved += Math.abs(plain[i][c] - adapted[i][c]);
                }
            }
            assertTrue(moved > 1e-3, "statistics far from the network's change its answers: " + moved);
        }
    }

    @Test
    void aRecordingHearsThreeVoicesTogetherAndALastLoneVoiceJoinsTheOneBefore() {
        List<Sample> clips = clips(14, 0, "s", 7, 5); // 7 speakers, 2 clips each
        List<List<Integer>> groups = NormAdaptation.RECORDING.groups(clips);
        assertEquals(2, groups.size(), "3 + 4 voices");
        assertEquals(6, groups.get(0).size());
        assertEquals(8, groups.get(1).size());
        java.util.Set<Integer> all = new java.util.HashSet<>();
        groups.forEach(all::addAll);
        assertEquals(14, all.size(), "every clip once");
        for (List<Integer> g : groups) {
            long voices = g.stream().map(i -> clips.get(i).speaker()).distinct().count();
            assertEquals(g.size() / 2, voices, "a voice's clips stay together");
        }
        assertEquals(7, NormAdaptation.SPEAKER.groups(clips).size());
    }

    @Test
    void eachHalfOfTheSpeakersIsJudgedWithTheOtherHalfsStatisticsNeverItsOwn() {
        List<Sample> a = clips(6, 40, "a", 1, 6);
        List<Sample> b = clips(6, -40, "b", 1, 7);
        List<Sample> all = new ArrayList<>(a);
        all.addAll(b);
        List<List<Integer>> halves = NormAdaptation.halves(all);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), halves.get(0));
        assertEquals(List.of(6, 7, 8, 9, 10, 11), halves.get(1));
        try (EmotionNet net = new EmotionNet(BINS, 8, 8)) {
            float[][] crossed = NormAdaptation.OTHER_HALF.logits(net, all, BINS);
            float[][] aWithB = EmotionTrainer.logits(net, a, BINS, NormAdaptation.estimate(net, b, BINS));
            float[][] aWithA = NormAdaptation.CORPUS.logits(net, a, BINS);
            double own = 0;
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(aWithB[i], crossed[i], 1e-5f, "speaker a's clips with speaker b's statistics");
                for (int c = 0; c < aWithA[i].length; c++) {
                    own += Math.abs(aWithA[i][c] - crossed[i][c]);
                }
            }
            assertTrue(own > 1e-3, "not the statistics of the clips judged: " + own);
        }
    }

    @Test
    void aSmallerCalibrationSetIsASeededSubsetOfTheClips() {
        List<Integer> all = java.util.stream.IntStream.range(0, 50).boxed().toList();
        List<Integer> ten = NormAdaptation.sample(all, 10);
        assertEquals(10, ten.size());
        assertEquals(10, new java.util.HashSet<>(ten).size());
        assertTrue(all.containsAll(ten));
        assertEquals(ten, NormAdaptation.sample(all, 10), "the same clips every run");
        assertEquals(all, NormAdaptation.sample(all, 0));
        assertEquals(all, NormAdaptation.sample(all, 80));
    }

    @Test
    void eachSpeakerIsJudgedWithItsOwnStatisticsAndALoneClipWithTheNetworks() {
        List<Sample> a = clips(6, 40, "a", 1, 2);
        List<Sample> b = clips(6, -40, "b", 1, 3);
        List<Sample> lone = clips(1, 40, "z", 1, 4);
        List<Sample> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(lone);
        try (EmotionNet net = new EmotionNet(BINS, 8, 8)) {
            float[][] perSpeaker = NormAdaptation.SPEAKER.logits(net, all, BINS);
            float[][] aAlone = NormAdaptation.CORPUS.logits(net, a, BINS);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(aAlone[i], perSpeaker[i], 1e-5f, "speaker a's clips see only speaker a's statistics");
            }
            float[] plainLone = EmotionTrainer.logits(net, lone, BINS)[0];
            assertArrayEquals(plainLone, perSpeaker[all.size() - 1], 0f, "one clip keeps the network's statistics");
        }
    }
}
