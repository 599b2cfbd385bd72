package io.emotrace.scoring;

import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Diarization error rate as NIST md-eval defines it (and pyannote.metrics computes it), plus dscore's JER.
 *
 * <p>Per file, over the scored region: missed = Σ max(0, nref − nhyp)·dt, false alarm = Σ max(0, nhyp − nref)·dt,
 * confusion = Σ min(nref, nhyp)·dt − correct, where correct is the co-occurrence time kept by the optimal
 * one-to-one speaker mapping of that file; DER = (missed + FA + confusion) / Σ nref·dt. Each speaker's turns are
 * merged first (overlapping turns of one speaker count once).
 *
 * <p>Scored region: the UEM when given, else the extent of reference and hypothesis; minus, when
 * {@code collar > 0}, ±collar around every reference turn boundary (md-eval {@code -c collar}; this equals
 * pyannote's {@code collar=2*collar}). JER ignores the collar, as dscore does.
 */
public final class DiarizationScorer {
    private DiarizationScorer() {
    }

    /**
     * @param uem scored regions, or null to score each file from its first to its last turn; with a UEM only
     *     its files are scored and turns of other files are reported in {@link ScoreReport#warnings()}.
     * @param collar seconds on each side of every reference boundary left unscored (0 for none)
     */
    public static ScoreReport score(List<RttmTurn> reference, List<RttmTurn> hypothesis,
            List<UemSegment> uem, double collar) {
        if (!(collar >= 0) || Double.isInfinite(collar)) {
            throw new IllegalArgumentException("collar must be a finite number >= 0, got " + collar);
        }
        Map<String, List<RttmTurn>> refByFile = byFile(reference);
        Map<String, List<RttmTurn>> hypByFile = byFile(hypothesis);
        TreeSet<String> files = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        Map<String, List<double[]>> uemByFile = new TreeMap<>();
        if (uem != null) {
            for (UemSegment u : uem) {
                uemByFile.computeIfAbsent(u.fileId(), k -> new ArrayList<>()).add(new double[] {u.start(), u.end()});
            }
            files.addAll(uemByFile.keySet());
            for (String f : refByFile.keySet()) {
                if (!files.contains(f)) {
                    warnings.add("reference file '" + f + "' is not in the UEM: not scored");
                }
            }
            for (String f : hypByFile.keySet()) {
                if (!files.contains(f)) {
                    warnings.add("hypothesis file '" + f + "' is not in the UEM: not scored");
                }
            }
        } else {
            files.addAll(refByFile.keySet());
            files.addAll(hypByFile.keySet());
        }
        for (String f : hypByFile.keySet()) {
            if (files.contains(f) && !refByFile.containsKey(f)) {
                warnings.add("file '" + f + "' has hypothesis turns but no reference turns: all false alarm");
            }
        }

        List<FileScore> scores = new ArrayList<>();
        DerComponents total = DerComponents.ZERO;
        List<Double> allSpeakerJers = new ArrayList<>();
        int refSpeakersAll = 0;
        int hypSpeakersAll = 0;
        for (String f : files) {
            List<RttmTurn> ref = refByFile.getOrDefault(f, List.of());
            List<RttmTurn> hyp = hypByFile.getOrDefault(f, List.of());
            SpeakerSpans refSpans = SpeakerSpans.of(ref);
            SpeakerSpans hypSpans = SpeakerSpans.of(hyp);
            List<double[]> base = uem != null ? Spans.union(uemByFile.get(f)) : extent(ref, hyp);
            List<double[]> scored = collar > 0 ? Spans.subtract(base, collarZones(refSpans, collar)) : base;

            FileTally der = FileTally.sweep(refSpans.spans(), hypSpans.spans(), scored);
            int[] map = OptimalAssignment.maximize(der.cooccurrence);
            double correct = 0;
            Map<String, String> mapping = new LinkedHashMap<>();
            for (int r = 0; r < map.length; r++) {
                if (map[r] >= 0 && der.cooccurrence[r][map[r]] > 0) {
                    correct += der.cooccurrence[r][map[r]];
                    mapping.put(refSpans.names().get(r), hypSpans.names().get(map[r]));
                }
            }
            DerComponents c = new DerComponents(Spans.total(scored), der.total, der.missed, der.falseAlarm,
                    Math.max(0, der.matchable - correct));

            FileTally jt = collar > 0 ? FileTally.sweep(refSpans.spans(), hypSpans.spans(), base) : der;
            JaccardErrors jer = JaccardErrors.of(jt, refSpans.names());
            refSpeakersAll += jer.refSpeakers();
            hypSpeakersAll += jer.hypSpeakers();
            allSpeakerJers.addAll(jer.perSpeaker().values());

            scores.add(new FileScore(f, c, jer.fileJer(), refSpans.names(), hypSpans.names(), mapping,
                    jer.perSpeaker()));
            total = total.plus(c);
        }
        return new ScoreReport(collar, scores, total, globalJer(allSpeakerJers, refSpeakersAll, hypSpeakersAll),
                warnings);
    }

    private static double globalJer(List<Double> speakerJers, int nRef, int nHyp) {
        if (nRef == 0) {
            return nHyp > 0 ? 1.0 : 0.0;
        }
        double s = 0;
        for (double j : speakerJers) {
            s += j;
        }
        return s / speakerJers.size();
    }

    private static Map<String, List<RttmTurn>> byFile(List<RttmTurn> turns) {
        Map<String, List<RttmTurn>> m = new TreeMap<>();
        for (RttmTurn t : turns) {
            m.computeIfAbsent(t.fileId(), k -> new ArrayList<>()).add(t);
        }
        return m;
    }

    private static List<double[]> extent(List<RttmTurn> ref, List<RttmTurn> hyp) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<RttmTurn> l : List.of(ref, hyp)) {
            for (RttmTurn t : l) {
                lo = Math.min(lo, t.start());
                hi = Math.max(hi, t.end());
            }
        }
        return hi > lo ? List.of(new double[] {lo, hi}) : List.of();
    }

    private static List<double[]> collarZones(SpeakerSpans ref, double collar) {
        List<double[]> zones = new ArrayList<>();
        for (List<double[]> spans : ref.spans()) {
            for (double[] s : spans) {
                zones.add(new double[] {s[0] - collar, s[0] + collar});
                zones.add(new double[] {s[1] - collar, s[1] + collar});
            }
        }
        return Spans.union(zones);
    }

    /** Speakers of one file in name order with their merged spans. */
    private record SpeakerSpans(List<String> names, List<List<double[]>> spans) {
        static SpeakerSpans of(List<RttmTurn> turns) {
            Map<String, List<double[]>> m = new TreeMap<>();
            for (RttmTurn t : turns) {
                m.computeIfAbsent(t.speaker(), k -> new ArrayList<>()).add(new double[] {t.start(), t.end()});
            }
            List<String> names = new ArrayList<>();
            List<List<double[]>> spans = new ArrayList<>();
            for (Map.Entry<String, List<double[]>> e : m.entrySet()) {
                List<double[]> u = Spans.union(e.getValue());
                if (!u.isEmpty()) {
                    names.add(e.getKey());
                    spans.add(u);
                }
            }
            return new SpeakerSpans(List.copyOf(names), spans);
        }
    }
}
