package io.emotrace.emotion.train;

import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.emotion.embedded.EntropyAdaptation;
import io.emotrace.emotion.embedded.EstimatedNorms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-time re-estimation of the network's batch-norm statistics on unlabelled clips of the audio it is about to judge
 * (AdaBN, Li et al. 2016): the layers' means and variances were those of the training corpora; a held-out corpus's
 * recordings move them. {@link #CORPUS} re-estimates them on every clip of the held-out corpus, {@link #RECORDING} on
 * the clips of {@link #VOICES_PER_RECORDING} speakers at a time (what one recording of a conversation offers: a few
 * voices, all their turns), {@link #SPEAKER} on the clips of each speaker alone. {@link #OTHER_HALF} judges each half
 * of the corpus's speakers (sorted ids, alternately) with the statistics of the other half: statistics of the same
 * language and recordings, never of the clips judged (what statistics gathered beforehand on other recordings of a
 * deployment would give). {@link #ENTROPY_OTHER_HALF} does the same after the other half's clips have also tuned the
 * norms' scales and shifts to make the network surer of them ({@link EntropyAdaptation}). Labels are never read.
 */
public enum NormAdaptation {
    NONE, CORPUS, OTHER_HALF, ENTROPY_OTHER_HALF, RECORDING, SPEAKER;

    /** {@link #ENTROPY_OTHER_HALF}: Adam's rate on the norms' scales and shifts, and passes over the heard clips. */
    static final double ENTROPY_RATE = 1e-3;
    static final int ENTROPY_PASSES = 1;

    /** Speakers per simulated recording ({@link #RECORDING}); a last group of one joins the one before. */
    static final int VOICES_PER_RECORDING = 3;

    /**
     * Logits of {@code test} under this adaptation (the network itself is not changed). Only these held-out answers are
     * adapted: a LOCO run's validation answers (its per-fold temperature) and single-clip figures keep the network's
     * statistics, while its cross-corpus calibration is fitted on the other folds' adapted answers.
     */
    float[][] logits(EmotionNet net, List<Sample> test, int bins) {
        return logits(net, test, bins, 0);
    }

    /** {@link #logits(EmotionNet, List, int)} hearing at most {@code heardAtMost} clips per estimate (0: all). */
    float[][] logits(EmotionNet net, List<Sample> test, int bins, int heardAtMost) {
        if (this == NONE) {
            return EmotionTrainer.logits(net, test, bins);
        }
        float[][] out = new float[test.size()][];
        if (this == OTHER_HALF || this == ENTROPY_OTHER_HALF) {
            List<List<Integer>> halves = halves(test);
            judge(net, test, halves.get(0), sample(halves.get(1), heardAtMost), bins, out);
            judge(net, test, halves.get(1), sample(halves.get(0), heardAtMost), bins, out);
            return out;
        }
        List<List<Integer>> groups = this == CORPUS
                ? List.of(java.util.stream.IntStream.range(0, test.size()).boxed().toList()) : groups(test);
        for (List<Integer> idx : groups) {
            judge(net, test, idx, sample(idx, heardAtMost), bins, out);
        }
        return out;
    }

    /** At most {@code n} of {@code clips} (0: all), a seeded sample so that reruns hear the same ones. */
    static List<Integer> sample(List<Integer> clips, int n) {
        if (n <= 0 || clips.size() <= n) {
            return clips;
        }
        List<Integer> shuffled = new ArrayList<>(clips);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        return shuffled.subList(0, n);
    }

    /** The clips {@code judged} with the statistics of the clips {@code heard}, into their places in {@code out}. */
    private void judge(EmotionNet net, List<Sample> test, List<Integer> judged, List<Integer> heard, int bins,
            float[][] out) {
        List<Sample> mine = judged.stream().map(test::get).toList();
        List<Sample> theirs = heard.stream().map(test::get).toList();
        // null norms (too few clips heard): the network's own statistics
        float[][] l = this == ENTROPY_OTHER_HALF
                ? EntropyAdaptation.with(net, inputs(theirs), bins,
                        io.emotrace.emotion.embedded.CorpusLabels.logitMask(io.emotrace.emotion.embedded.CorpusLabels.PREDICTED),
                        ENTROPY_RATE, ENTROPY_PASSES, norms -> EmotionTrainer.logits(net, mine, bins, norms))
                : EmotionTrainer.logits(net, mine, bins, estimate(net, theirs, bins));
        for (int k = 0; k < judged.size(); k++) {
            out[judged.get(k)] = l[k];
        }
    }

    /** The statistics of {@code clips} (their cached rows are already normalised by their speakers, as at run time). */
    static EstimatedNorms estimate(EmotionNet net, List<Sample> clips, int bins) {
        return EstimatedNorms.estimate(net, inputs(clips), bins, t -> t);
    }

    private static List<EstimatedNorms.Input> inputs(List<Sample> clips) {
        return clips.stream().map(s -> new EstimatedNorms.Input(s.fbank(), s.frames())).toList();
    }

    /** The clips' indices in two halves of the speakers: sorted ids, alternately (a one-speaker corpus: all in one). */
    static List<List<Integer>> halves(List<Sample> test) {
        List<String> speakers = test.stream().map(Sample::speaker).distinct().sorted().toList();
        java.util.Set<String> first = new java.util.HashSet<>();
        for (int i = 0; i < speakers.size(); i += 2) {
            first.add(speakers.get(i));
        }
        List<List<Integer>> out = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < test.size(); i++) {
            out.get(first.contains(test.get(i).speaker()) ? 0 : 1).add(i);
        }
        return out;
    }

    /** The clips' indices grouped as this adaptation hears them together: per speaker, or per few speakers. */
    List<List<Integer>> groups(List<Sample> test) {
        Map<String, List<Integer>> bySpeaker = new TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
            bySpeaker.computeIfAbsent(test.get(i).speaker(), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> out = new ArrayList<>();
        if (this == SPEAKER) {
            out.addAll(bySpeaker.values());
            return out;
        }
        List<String> speakers = new ArrayList<>(bySpeaker.keySet());
        java.util.Collections.shuffle(speakers, new java.util.Random(7)); // meetings of unrelated ids, reproducibly
        for (int g = 0; g < speakers.size(); g += VOICES_PER_RECORDING) {
            List<Integer> group = new ArrayList<>();
            for (String sp : speakers.subList(g, Math.min(speakers.size(), g + VOICES_PER_RECORDING))) {
                group.addAll(bySpeaker.get(sp));
            }
            boolean lone = speakers.size() - g == 1 && !out.isEmpty();
            if (lone) {
                out.get(out.size() - 1).addAll(group);
            } else {
                out.add(group);
            }
        }
        return out;
    }
}
