package io.emotrace.diarization.speakers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of {@code bench speakers --enrol}, on embeddings already computed. Per set of speakers: a speaker
 * with at least {@code enrolSeconds} of speech plus one probe can be known; known speakers are split in two folds
 * (sorted ids, alternating), and in each fold one half is enrolled (voiceprint = weighted mean of its first
 * utterances up to {@code enrolSeconds}) while every other speaker of the set, plus the extra unknown speakers, is
 * unknown. Every probe (one utterance, or consecutive utterances joined to {@code probeSeconds}) is compared with
 * every enrolled voiceprint: a known speaker's probe is correctly identified when its best match is its own voice
 * at or above the threshold; an unknown speaker's probe is a false accept when any voice reaches the threshold.
 */
public final class EnrolmentBench {
    /** One utterance: the seconds-weighted sum of its pieces' unit embeddings, and its seconds of speech. */
    public record Utterance(double[] sum, double seconds) {
    }

    /** A speaker's utterances, in the (seeded) order enrolment takes them. */
    public record Speaker(String id, String corpus, List<Utterance> utterances) {
    }

    /**
     * One probe's outcome: whether its speaker was enrolled, whether the best voice is its own, the best score, and
     * the probe's seconds of speech (a threshold may depend on it).
     */
    public record Trial(boolean known, boolean bestIsOwn, double best, String speaker, double seconds) {
    }

    private final double enrolSeconds;
    private final double probeSeconds;

    public EnrolmentBench(double enrolSeconds, double probeSeconds) {
        this.enrolSeconds = enrolSeconds;
        this.probeSeconds = probeSeconds;
    }

    /**
     * The trials of each corpus on its own (enrolled voices and unknown voices from the same corpus: same language,
     * microphones and acting, the hardest impostors and the situation of a meeting), pooled.
     */
    public Trials trialsByCorpus(List<Speaker> speakers) {
        java.util.Map<String, List<Speaker>> byCorpus = new java.util.TreeMap<>();
        for (Speaker s : speakers) {
            byCorpus.computeIfAbsent(s.corpus(), k -> new ArrayList<>()).add(s);
        }
        Trials all = new Trials(List.of(), 0, 0, 0);
        for (List<Speaker> group : byCorpus.values()) {
            all = all.plus(trials(group, List.of()));
        }
        return all;
    }

    /** The two-fold trials of {@code speakers} with {@code extraUnknown} as unknown voices in both folds. */
    public Trials trials(List<Speaker> speakers, List<Speaker> extraUnknown) {
        List<Speaker> eligible = new ArrayList<>();
        for (Speaker s : speakers) {
            if (split(s) != null) {
                eligible.add(s);
            }
        }
        eligible.sort(Comparator.comparing(Speaker::id));
        List<Trial> trials = new ArrayList<>();
        int enrolled = 0;
        for (int fold = 0; fold < 2; fold++) {
            List<Speaker> known = new ArrayList<>();
            List<double[]> prints = new ArrayList<>();
            for (int i = 0; i < eligible.size(); i++) {
                if (i % 2 == fold) {
                    known.add(eligible.get(i));
                    prints.add(unit(sum(split(eligible.get(i)).enrol())));
                }
            }
            enrolled += known.size();
            List<Speaker> unknown = new ArrayList<>(extraUnknown);
            for (Speaker s : speakers) {
                if (!known.contains(s)) {
                    unknown.add(s);
                }
            }
            for (int k = 0; k < known.size(); k++) {
                for (List<Utterance> probe : probes(split(known.get(k)).test())) {
                    trials.add(score(probe, prints, k, known.get(k).id()));
                }
            }
            for (Speaker s : unknown) {
                for (List<Utterance> probe : probes(s.utterances())) {
                    trials.add(score(probe, prints, -1, s.id()));
                }
            }
        }
        return new Trials(trials, eligible.size(), speakers.size() + extraUnknown.size(), enrolled);
    }

    private record Split(List<Utterance> enrol, List<Utterance> test) {
    }

    /** First utterances up to the enrolment seconds, the rest as test; null when either part is missing. */
    private Split split(Speaker s) {
        double acc = 0;
        int n = 0;
        while (n < s.utterances().size() && acc < enrolSeconds) {
            acc += s.utterances().get(n++).seconds();
        }
        if (acc < enrolSeconds || n >= s.utterances().size()) {
            return null;
        }
        return new Split(s.utterances().subList(0, n), s.utterances().subList(n, s.utterances().size()));
    }

    private List<List<Utterance>> probes(List<Utterance> utts) {
        List<List<Utterance>> out = new ArrayList<>();
        List<Utterance> cur = new ArrayList<>();
        double acc = 0;
        for (Utterance u : utts) {
            cur.add(u);
            acc += u.seconds();
            if (acc >= probeSeconds) {
                out.add(cur);
                cur = new ArrayList<>();
                acc = 0;
            }
        }
        return out; // a last group shorter than probeSeconds is dropped
    }

    private static Trial score(List<Utterance> probe, List<double[]> prints, int own, String speaker) {
        double seconds = probe.stream().mapToDouble(Utterance::seconds).sum();
        double[] p = unit(sum(probe));
        double best = Double.NEGATIVE_INFINITY;
        int arg = -1;
        for (int i = 0; i < prints.size(); i++) {
            double s = dot(p, prints.get(i));
            if (s > best) {
                best = s;
                arg = i;
            }
        }
        return new Trial(own >= 0, own >= 0 && arg == own, best, speaker, seconds);
    }

    static double[] sum(List<Utterance> utts) {
        double[] s = new double[utts.get(0).sum().length];
        for (Utterance u : utts) {
            for (int j = 0; j < s.length; j++) {
                s[j] += u.sum()[j];
            }
        }
        return s;
    }

    static double[] unit(double[] v) {
        double n = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n > 0 ? v[i] / n : 0;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The trials of one set, and the figures at a threshold. */
    public record Trials(List<Trial> trials, int eligibleSpeakers, int speakers, int enrolments) {
        public Trials plus(Trials o) {
            List<Trial> t = new ArrayList<>(trials);
            t.addAll(o.trials());
            return new Trials(t, eligibleSpeakers + o.eligibleSpeakers(), speakers + o.speakers(),
                    enrolments + o.enrolments());
        }

        public int knownProbes() {
            return (int) trials.stream().filter(Trial::known).count();
        }

        public int unknownProbes() {
            return trials.size() - knownProbes();
        }

        /** Known probes named correctly at {@code t}. */
        public double accuracy(double t) {
            return accuracy(x -> t);
        }

        /** Known probes named correctly with a threshold that depends on the probe's seconds of speech. */
        public double accuracy(java.util.function.DoubleUnaryOperator t) {
            long ok = trials.stream().filter(x -> x.known() && x.bestIsOwn() && x.best() >= t.applyAsDouble(x.seconds()))
                    .count();
            return knownProbes() == 0 ? Double.NaN : ok / (double) knownProbes();
        }

        /** Known probes whose best voice is their own, whatever the score (closed-set accuracy). */
        public double closedSetAccuracy() {
            long ok = trials.stream().filter(x -> x.known() && x.bestIsOwn()).count();
            return knownProbes() == 0 ? Double.NaN : ok / (double) knownProbes();
        }

        /** Known probes given someone else's name. */
        public double wrongNames(java.util.function.DoubleUnaryOperator t) {
            long bad = trials.stream().filter(x -> x.known() && !x.bestIsOwn() && x.best() >= t.applyAsDouble(x.seconds()))
                    .count();
            return knownProbes() == 0 ? Double.NaN : bad / (double) knownProbes();
        }

        public double wrongNames(double t) {
            return wrongNames(x -> t);
        }

        /** Unknown probes given a name at {@code t}. */
        public double falseAccepts(double t) {
            return falseAccepts(x -> t);
        }

        public double falseAccepts(java.util.function.DoubleUnaryOperator t) {
            long fa = trials.stream().filter(x -> !x.known() && x.best() >= t.applyAsDouble(x.seconds())).count();
            return unknownProbes() == 0 ? Double.NaN : fa / (double) unknownProbes();
        }

        /** Median seconds of speech of the probes. */
        public double medianSeconds() {
            double[] s = trials.stream().mapToDouble(Trial::seconds).sorted().toArray();
            return s.length == 0 ? Double.NaN : s[s.length / 2];
        }

        /**
         * The lowest threshold on a 0.01 grid whose false-accept rate is at most {@code target}: the unknown
         * probes' best scores decide, nothing about the known ones.
         */
        public double calibrate(double target) {
            for (int i = -100; i <= 100; i++) {
                double t = i / 100.0;
                if (falseAccepts(t) <= target) {
                    return t;
                }
            }
            return 1.0;
        }

        public String describe() {
            return String.format(Locale.ROOT, "%d speakers (%d with enough speech to be known, %d enrolments over 2 "
                    + "folds), %d known-speaker probes, %d unknown-voice probes", speakers, eligibleSpeakers, enrolments,
                    knownProbes(), unknownProbes());
        }

        public String figures(String label, double t) {
            return figures(String.format(Locale.ROOT, "%s %.2f", label, t), x -> t);
        }

        public String figures(String label, java.util.function.DoubleUnaryOperator t) {
            return String.format(Locale.ROOT, "  %s: correct identification %.1f %% (closed-set %.1f %%, wrong "
                    + "name %.1f %%, not named %.1f %%), unknown voices named %.2f %%", label, 100 * accuracy(t),
                    100 * closedSetAccuracy(), 100 * wrongNames(t), 100 * Math.max(0, 1 - accuracy(t) - wrongNames(t)),
                    100 * falseAccepts(t));
        }
    }
}
