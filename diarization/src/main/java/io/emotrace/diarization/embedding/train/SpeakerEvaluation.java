package io.emotrace.diarization.embedding.train;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.embedding.ScoreCohort;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Speaker-verification figures on the held-out speakers only, over trial lists generated deterministically from
 * the evaluation clips (every unordered pair):
 * <ul>
 *   <li>{@code all}: every pair; target = same speaker;</li>
 *   <li>{@code cross-emotion}: targets are same-speaker pairs with two different emotion labels, non-targets are
 *       different-speaker pairs among emotion-labelled clips (does the voice stay itself when angry or sad?);</li>
 *   <li>{@code same-emotion}: the same with same-emotion targets, for comparison.</li>
 * </ul>
 * Each list is scored twice: on whole utterances (speech only, cut down to a whole number of half seconds and
 * at most {@link #MAX_UTTERANCE_SECONDS}, so that utterances of similar length share a batch) and on a centred
 * 1.5 s crop, the size of a diarization window's embedding.
 */
public final class SpeakerEvaluation {
    public static final double CROP_SECONDS = 1.5;
    public static final double MAX_UTTERANCE_SECONDS = 8.0;

    /**
     * @param crossEmotionMatched cross-emotion targets against different-speaker pairs that also differ in emotion
     *                            (what a decision that knew both clips' emotions would face)
     * @param sameEmotionMatched  same-emotion targets against different-speaker pairs of one emotion
     */
    public record Condition(String name, VerificationMetrics.Result all, VerificationMetrics.Result crossEmotion,
            VerificationMetrics.Result sameEmotion, VerificationMetrics.Result crossEmotionMatched,
            VerificationMetrics.Result sameEmotionMatched) {
    }

    /**
     * @param msPerCrop    wall time per 1.5 s crop (batched), which depends on the machine's load
     * @param cpuMsPerCrop process CPU time per crop, all threads: the cost, less sensitive to other processes
     */
    public record Report(int clips, int speakers, List<Condition> conditions, double msPerCrop, double cpuMsPerCrop) {
    }

    private SpeakerEvaluation() {
    }

    public static Report run(SpeakerEmbedder embedder, List<SpeakerClip> clips) throws EmotraceException {
        return embed(embedder, clips).report(c -> true);
    }

    /**
     * The evaluation clips embedded once (whole utterances and centred 1.5 s crops), so that subsets (one held-out
     * corpus, the pooled held-out corpora, ...) are scored without embedding the same clips again.
     */
    public record Embedded(List<SpeakerClip> clips, float[][] whole, float[][] crops, double msPerCrop,
            double cpuMsPerCrop) {
        /** Figures over the clips that {@code keep} accepts. */
        public Report report(java.util.function.Predicate<SpeakerClip> keep) {
            return report(keep, null, null);
        }

        /** Figures over the clips that {@code keep} accepts, scored by PLDA log-likelihood ratios when given. */
        public Report report(java.util.function.Predicate<SpeakerClip> keep, io.emotrace.diarization.embedding.Plda plda) {
            return report(keep, plda, null);
        }

        /** Figures over the clips that {@code keep} accepts, cosine scores AS-normalised against {@code cohort}. */
        public Report report(java.util.function.Predicate<SpeakerClip> keep, ScoreCohort cohort) {
            return report(keep, null, cohort);
        }

        /**
         * The 1.5 s crops' cosine EERs over the clips {@code keep} accepts with speaker-bootstrap intervals
         * ({@link TrialBootstrap}); null when they hold fewer than two speakers.
         */
        TrialBootstrap.Figures intervals(java.util.function.Predicate<SpeakerClip> keep) {
            int[] kept = kept(keep);
            List<SpeakerClip> sub = pick(clips, kept);
            if (sub.stream().map(SpeakerClip::speaker).distinct().count() < 2) {
                return null;
            }
            return TrialBootstrap.of(sub, pick(crops, kept), io.emotrace.scoring.BootstrapInterval.REPLICATES);
        }

        /** Indices of the clips {@code keep} accepts, in order: one subset for every figure over it. */
        private int[] kept(java.util.function.Predicate<SpeakerClip> keep) {
            return java.util.stream.IntStream.range(0, clips.size()).filter(i -> keep.test(clips.get(i))).toArray();
        }

        private static List<SpeakerClip> pick(List<SpeakerClip> all, int[] kept) {
            return java.util.Arrays.stream(kept).mapToObj(all::get).toList();
        }

        private static float[][] pick(float[][] all, int[] kept) {
            return java.util.Arrays.stream(kept).mapToObj(i -> all[i]).toArray(float[][]::new);
        }

        private Report report(java.util.function.Predicate<SpeakerClip> keep, io.emotrace.diarization.embedding.Plda plda,
                ScoreCohort cohort) {
            int[] kept = kept(keep);
            List<SpeakerClip> sub = pick(clips, kept);
            List<float[]> w = List.of(pick(whole, kept));
            List<float[]> c = List.of(pick(crops, kept));
            List<Condition> conditions = List.of(condition("utterance", sub, scorer(w, plda, cohort)),
                    condition("crop-1.5s", sub, scorer(c, plda, cohort)));
            int speakers = (int) sub.stream().map(SpeakerClip::speaker).distinct().count();
            return new Report(sub.size(), speakers, conditions, msPerCrop, cpuMsPerCrop);
        }
    }

    public static Embedded embed(SpeakerEmbedder embedder, List<SpeakerClip> clips) throws EmotraceException {
        List<float[]> whole = new ArrayList<>();
        List<float[]> crops = new ArrayList<>();
        int cropLen = (int) (CROP_SECONDS * 16_000);
        for (SpeakerClip c : clips) {
            float[] s = c.samples();
            whole.add(wholeUtterance(s));
            int start = Math.max(0, (s.length - cropLen) / 2);
            crops.add(java.util.Arrays.copyOfRange(s, start, Math.min(s.length, start + cropLen)));
        }
        float[][] ew = embedder.embed(whole);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        float[][] ec = embedder.embed(crops);
        double msPerCrop = (System.nanoTime() - t0) / 1e6 / Math.max(1, crops.size());
        double cpuMsPerCrop = cpu0 < 0 ? Double.NaN : (processCpuNanos() - cpu0) / 1e6 / Math.max(1, crops.size());
        return new Embedded(List.copyOf(clips), ew, ec, msPerCrop, cpuMsPerCrop);
    }

    /**
     * The AS-norm cohort of {@code train}: per training speaker, the mean of the whole-utterance embeddings of at most
     * {@code clipsPerSpeaker} of its clips (the first ones in the corpus order, which the caller keeps deterministic).
     */
    public static float[][] cohortVoices(SpeakerEmbedder embedder, List<SpeakerClip> train, int clipsPerSpeaker)
            throws EmotraceException {
        Map<String, List<float[]>> bySpeaker = new LinkedHashMap<>();
        for (SpeakerClip c : train) {
            List<float[]> l = bySpeaker.computeIfAbsent(c.speaker(), k -> new ArrayList<>());
            if (l.size() < clipsPerSpeaker) {
                l.add(wholeUtterance(c.samples()));
            }
        }
        float[][] voices = new float[bySpeaker.size()][];
        int v = 0;
        for (List<float[]> clips : bySpeaker.values()) {
            float[][] e = embedder.embed(clips);
            float[] mean = new float[e[0].length];
            for (float[] x : e) {
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += x[k] / e.length;
                }
            }
            voices[v++] = mean;
        }
        return voices;
    }

    private static float[] wholeUtterance(float[] s) {
        int step = 8000;
        int n = Math.min((int) (MAX_UTTERANCE_SECONDS * 16_000), Math.max(step, s.length / step * step));
        int from = Math.max(0, (s.length - n) / 2);
        return java.util.Arrays.copyOfRange(s, from, Math.min(s.length, from + n));
    }

    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Score of the pair (i, j) of one list of clips. */
    interface PairScorer {
        double score(int i, int j);
    }

    private static PairScorer scorer(List<float[]> emb, io.emotrace.diarization.embedding.Plda plda,
            ScoreCohort cohort) {
        if (cohort != null) {
            ScoreCohort.Stats[] st = cohort.stats(emb.toArray(new float[0][]));
            return (i, j) -> ScoreCohort.normalise(dot(emb.get(i), emb.get(j)), st[i], st[j]);
        }
        if (plda == null) {
            return (i, j) -> dot(emb.get(i), emb.get(j));
        }
        double[][] u = new double[emb.size()][];
        for (int i = 0; i < u.length; i++) {
            u[i] = plda.project(emb.get(i));
        }
        return (i, j) -> plda.llr(u[i], u[j]);
    }

    static Condition condition(String name, List<SpeakerClip> clips, float[][] emb) {
        return condition(name, clips, (i, j) -> dot(emb[i], emb[j]));
    }

    static Condition condition(String name, List<SpeakerClip> clips, PairScorer scorer) {
        Scores all = new Scores();
        Scores crossT = new Scores();
        Scores sameT = new Scores();
        Scores emoNon = new Scores();
        Scores crossNon = new Scores();
        Scores sameNon = new Scores();
        for (int i = 0; i < clips.size(); i++) {
            for (int j = i + 1; j < clips.size(); j++) {
                SpeakerClip a = clips.get(i);
                SpeakerClip b = clips.get(j);
                double s = scorer.score(i, j);
                boolean same = a.speaker().equals(b.speaker());
                all.add(same, s);
                boolean labelled = a.emotion() != null && b.emotion() != null;
                if (!labelled) {
                    continue;
                }
                if (!same) {
                    emoNon.add(false, s);
                    (a.emotion().equals(b.emotion()) ? sameNon : crossNon).add(false, s);
                } else if (a.emotion().equals(b.emotion())) {
                    sameT.add(true, s);
                } else {
                    crossT.add(true, s);
                }
            }
        }
        return new Condition(name, all.result(), VerificationMetrics.compute(crossT.targets(), emoNon.nonTargets()),
                VerificationMetrics.compute(sameT.targets(), emoNon.nonTargets()),
                VerificationMetrics.compute(crossT.targets(), crossNon.nonTargets()),
                VerificationMetrics.compute(sameT.targets(), sameNon.nonTargets()));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }

    /** Figures as nested maps for metrics.json. */
    public static Map<String, Object> toMap(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heldOutClips", r.clips());
        m.put("heldOutSpeakers", r.speakers());
        m.put("msPerCrop1_5s", Math.round(r.msPerCrop() * 100) / 100.0);
        m.put("cpuMsPerCrop1_5s", Math.round(r.cpuMsPerCrop() * 100) / 100.0);
        for (Condition c : r.conditions()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("all", resultMap(c.all()));
            cm.put("crossEmotion", resultMap(c.crossEmotion()));
            cm.put("sameEmotion", resultMap(c.sameEmotion()));
            cm.put("crossEmotionVsCrossEmotionImpostors", resultMap(c.crossEmotionMatched()));
            cm.put("sameEmotionVsSameEmotionImpostors", resultMap(c.sameEmotionMatched()));
            m.put(c.name(), cm);
        }
        return m;
    }

    private static Map<String, Object> resultMap(VerificationMetrics.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eerPercent", round(r.eer() * 100));
        m.put("minDcf001", round(r.minDcf()));
        m.put("eerThreshold", round(r.eerThreshold()));
        m.put("targetTrials", r.targets());
        m.put("nonTargetTrials", r.nonTargets());
        return m;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : Double.NaN;
    }

    public static String format(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "held-out: %d clips, %d speakers; per 1.5 s crop (batched): "
                + "%.2f ms wall, %.2f ms process CPU%n", r.clips(), r.speakers(), r.msPerCrop(), r.cpuMsPerCrop()));
        for (Condition c : r.conditions()) {
            line(sb, c.name(), "all pairs", c.all());
            line(sb, c.name(), "cross-emotion", c.crossEmotion());
            line(sb, c.name(), "same-emotion", c.sameEmotion());
            line(sb, c.name(), "cross|cross", c.crossEmotionMatched());
            line(sb, c.name(), "same|same", c.sameEmotionMatched());
        }
        return sb.toString();
    }

    /** One line of {@link TrialBootstrap} figures: EERs, or differences against a baseline when {@code paired}. */
    static String format(TrialBootstrap.Figures f, boolean paired) {
        java.util.function.Function<io.emotrace.scoring.BootstrapInterval, String> v = paired
                ? io.emotrace.scoring.BootstrapInterval::points : io.emotrace.scoring.BootstrapInterval::percent;
        String head = String.format(java.util.Locale.ROOT, "  %s over its %d speakers (%d bootstrap resamples), 1.5 s "
                + "crops: all pairs %s", paired ? "against the baseline model" : "EER", f.speakers(),
                f.all().replicates(), v.apply(f.all()));
        if (Double.isNaN(f.crossEmotion().estimate()) || Double.isNaN(f.sameEmotion().estimate())) {
            return head + " (no emotion labels)" + System.lineSeparator();
        }
        return head + String.format(java.util.Locale.ROOT, "; cross-emotion %s; same-emotion %s; cross minus same %s%n",
                v.apply(f.crossEmotion()), v.apply(f.sameEmotion()), f.gap().points());
    }

    /** {@link TrialBootstrap} figures for metrics.json, in percent. */
    static Map<String, Object> toMap(TrialBootstrap.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("speakers", f.speakers());
        m.put("replicates", f.all().replicates());
        m.put("seed", TrialBootstrap.SEED);
        m.put("all", intervalMap(f.all()));
        m.put("crossEmotion", intervalMap(f.crossEmotion()));
        m.put("sameEmotion", intervalMap(f.sameEmotion()));
        m.put("crossMinusSame", intervalMap(f.gap()));
        return m;
    }

    private static Map<String, Object> intervalMap(io.emotrace.scoring.BootstrapInterval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("percent", round(i.estimate() * 100));
        m.put("ci95", java.util.Arrays.asList(round(i.low() * 100), round(i.high() * 100)));
        return m;
    }

    private static void line(StringBuilder sb, String cond, String list, VerificationMetrics.Result r) {
        sb.append(String.format(java.util.Locale.ROOT, "  %-10s %-14s EER %6.2f %%  minDCF(0.01) %.3f  (%d target / %d non-target trials)%n",
                cond, list, r.eer() * 100, r.minDcf(), r.targets(), r.nonTargets()));
    }

    /** Growable score lists. */
    private static final class Scores {
        private double[] t = new double[1024];
        private double[] n = new double[1024];
        private int nt;
        private int nn;

        void add(boolean target, double s) {
            if (target) {
                if (nt == t.length) {
                    t = java.util.Arrays.copyOf(t, nt * 2);
                }
                t[nt++] = s;
            } else {
                if (nn == n.length) {
                    n = java.util.Arrays.copyOf(n, nn * 2);
                }
                n[nn++] = s;
            }
        }

        double[] targets() {
            return java.util.Arrays.copyOf(t, nt);
        }

        double[] nonTargets() {
            return java.util.Arrays.copyOf(n, nn);
        }

        VerificationMetrics.Result result() {
            return VerificationMetrics.compute(targets(), nonTargets());
        }
    }
}
