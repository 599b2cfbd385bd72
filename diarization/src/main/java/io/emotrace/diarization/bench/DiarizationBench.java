package io.emotrace.diarization.bench;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.pipeline.EvidenceResolver;
import io.emotrace.diarization.pipeline.SpeakerDiarizer;
import io.emotrace.scoring.DerComponents;
import io.emotrace.scoring.DiarizationScorer;
import io.emotrace.scoring.ScoreReport;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.rttm.UemSegment;
import io.emotrace.domain.SpeechRegion;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the expensive stages once per recording ({@link #analyse}), then scores any number of clustering
 * variants on the same evidence ({@link #score}), plus the trivial baseline (all reference speech = one
 * speaker). DER is md-eval's (overlap scored, optimal mapping); collar 0 is the headline figure.
 */
final class DiarizationBench {
    private final SpeakerDiarizer diarizer;
    private final PrintStream out;
    private final EvidenceCache cache;
    /** Bands of the count range scored beside each variant (the first is the one in its row); empty: none. */
    private List<Double> countBands = List.of(io.emotrace.diarization.pipeline.EvidenceResolver.COUNT_BAND);

    void countBands(List<Double> bands) {
        this.countBands = List.copyOf(bands);
    }

    /** The PLDA back-end of the diarizer's embedder, or null. */
    io.emotrace.diarization.embedding.Plda plda() {
        return diarizer.plda();
    }

    /** Names the diarizer's embedding weights (what a calibration is fitted for). */
    String weightsDigest() {
        return diarizer.embedderWeightsDigest();
    }

    DiarizationBench(SpeakerDiarizer diarizer, PrintStream out) {
        this(diarizer, out, null);
    }

    /** {@code cache}: where analysed recordings are kept for reuse, or null. */
    DiarizationBench(SpeakerDiarizer diarizer, PrintStream out, EvidenceCache cache) {
        this.diarizer = diarizer;
        this.out = out;
        this.cache = cache;
    }

    /** A recording's analysis and the line that describes it in the bench output. */
    record Described(BenchFile file, String note) {
    }

    /** Runs the models on one recording. */
    interface Analysis {
        Described run() throws EmotraceException, IOException;
    }

    /** The recording stored under {@code key} in the evidence cache, else {@code analysis} run now and stored. */
    Described cachedOrAnalysed(String key, Analysis analysis) throws EmotraceException, IOException {
        if (cache != null) {
            String[] note = new String[1];
            BenchFile f = cache.load(key, note);
            if (f != null) {
                return new Described(f, note[0]);
            }
        }
        Described d = analysis.run();
        if (cache != null) {
            cache.store(key, d.file(), d.note());
        }
        return d;
    }

    BenchFile analyse(String id, AudioSource audio, List<RttmTurn> reference) throws EmotraceException {
        double cpu0 = processCpuSeconds();
        long t0 = System.nanoTime();
        SpeakerDiarizer.Timed<List<SpeechRegion>> speech = diarizer.speech(audio, null, ProgressListener.NONE);
        var ev = diarizer.collect(audio, speech.value(), ProgressListener.NONE);
        Set<String> spk = new HashSet<>();
        for (RttmTurn t : reference) {
            spk.add(t.speaker());
        }
        return new BenchFile(id, audio.durationSeconds(), reference, spk.size(), ev, speech.seconds(),
                processCpuSeconds() - cpu0, (System.nanoTime() - t0) / 1e9);
    }

    /** CPU time of the whole process (all threads, ORT and LibTorch pools included); NaN where unsupported. */
    static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Hypothesis turns of every file for one variant; fills {@code counts} with hypothesis speaker counts. */
    private List<RttmTurn> resolve(List<BenchFile> files, Variant v, boolean oracleCount, List<Integer> counts,
            double[] seconds, double[][] ranges) {
        List<RttmTurn> hyp = new ArrayList<>();
        for (BenchFile f : files) {
            long t0 = System.nanoTime();
            SpeakerCount count = oracleCount && f.referenceSpeakers() > 0 ? SpeakerCount.exactly(f.referenceSpeakers())
                    : SpeakerCount.AUTO;
            EvidenceResolver.Resolved r = EvidenceResolver.resolve(f.evidence(), v.settings(), count, diarizer.plda());
            seconds[0] += (System.nanoTime() - t0) / 1e9;
            counts.add(r.speakerIds().size());
            for (int b = 0; ranges != null && b < ranges.length; b++) {
                io.emotrace.domain.SpeakerCountRange range = EvidenceResolver.countRange(f.evidence(), v.settings(),
                        count, diarizer.plda(), r.speakerIds().size(), countBands.get(b));
                ranges[b][0] += range.covers(f.referenceSpeakers()) ? 1.0 / files.size() : 0;
                ranges[b][1] += (range.most() - range.fewest()) / (double) files.size();
            }
            for (SpeakerTurn t : r.result().overlapping()) {
                if (t.end() > t.start()) {
                    hyp.add(new RttmTurn(f.id(), t));
                }
            }
        }
        return hyp;
    }

    SetScore score(String set, List<BenchFile> files, Variant v, List<UemSegment> uem) {
        return score(set, files, v, uem, false);
    }

    /**
     * With {@code oracleCount}, each recording is clustered into exactly its reference speaker count: a diagnostic
     * that splits the error into counting and assigning, never a result.
     */
    SetScore score(String set, List<BenchFile> files, Variant v, List<UemSegment> uem, boolean oracleCount) {
        List<RttmTurn> ref = new ArrayList<>();
        for (BenchFile f : files) {
            ref.addAll(f.reference());
        }
        List<Integer> counts = new ArrayList<>();
        double[] sec = {0};
        // every band for the default variant (the one a user gets), the first band alone for the sweep's others
        double[][] ranges = oracleCount || countBands.isEmpty() ? null
                : new double[v.name().startsWith("default") ? countBands.size() : 1][2];
        List<RttmTurn> hyp = resolve(files, v, oracleCount, counts, sec, ranges);
        SetScore s = summarise(set, oracleCount ? "diagnostic: reference speaker count given" : v.name(), files, ref,
                hyp, counts, uem, sec[0]);
        if (ranges == null) {
            return s;
        }
        for (int b = 1; b < ranges.length; b++) {
            out.printf(Locale.ROOT, "    %s, %s: count range with band %.3f holds the reference count in %.0f %% of "
                    + "recordings, mean width %.2f%n", set, v.name(), countBands.get(b), 100 * ranges[b][0], ranges[b][1]);
        }
        return new SetScore(s.set(), s.variant(), s.files(), s.collar0(), s.collar25(), s.countAccuracy(),
                s.meanAbsCountError(), s.clusteringSeconds(), ranges[0][0], ranges[0][1]);
    }

    /**
     * Each embedded local speaker labelled with the reference speaker it overlaps most (frame votes): a diagnostic
     * that leaves only what the segmentation's local tracks themselves cost (miss, false alarm, and confusion from
     * tracks that mix people), never a result. What the estimated variant adds on top is the embedding's and the
     * clustering's.
     */
    SetScore referenceLabels(String set, List<BenchFile> files, Variant v, List<UemSegment> uem) {
        List<RttmTurn> ref = new ArrayList<>();
        List<RttmTurn> hyp = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (BenchFile f : files) {
            ref.addAll(f.reference());
            EvidenceResolver.Resolved r = EvidenceResolver.timeline(f.evidence(), v.settings(),
                    ReferenceLabels.of(f.evidence(), f.reference()));
            counts.add(r.speakerIds().size());
            for (SpeakerTurn t : r.result().overlapping()) {
                if (t.end() > t.start()) {
                    hyp.add(new RttmTurn(f.id(), t));
                }
            }
        }
        return summarise(set, "diagnostic: reference speaker of each track", files, ref, hyp, counts, uem, 0);
    }

    /** All reference speech labelled as one speaker: what diarization must beat. */
    SetScore baseline(String set, List<BenchFile> files, List<UemSegment> uem) {
        List<RttmTurn> ref = new ArrayList<>();
        List<RttmTurn> hyp = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (BenchFile f : files) {
            ref.addAll(f.reference());
            for (RttmTurn t : f.reference()) {
                hyp.add(new RttmTurn(f.id(), "one", t.start(), t.end()));
            }
            counts.add(f.reference().isEmpty() ? 0 : 1);
        }
        return summarise(set, "baseline: all reference speech = one speaker", files, ref, hyp, counts, uem, 0);
    }

    private static SetScore summarise(String set, String variant, List<BenchFile> files, List<RttmTurn> ref,
                                      List<RttmTurn> hyp, List<Integer> counts, List<UemSegment> uem,
                                      double clusterSeconds) {
        List<UemSegment> scopedUem = uem == null ? null : scope(uem, files);
        ScoreReport c0 = DiarizationScorer.score(ref, hyp, scopedUem, 0.0);
        ScoreReport c25 = DiarizationScorer.score(ref, hyp, scopedUem, 0.25);
        int exact = 0;
        double absErr = 0;
        for (int i = 0; i < files.size(); i++) {
            int r = files.get(i).referenceSpeakers();
            exact += counts.get(i) == r ? 1 : 0;
            absErr += Math.abs(counts.get(i) - r);
        }
        return new SetScore(set, variant, files.size(), c0, c25, exact / (double) files.size(),
                absErr / files.size(), clusterSeconds);
    }

    private static List<UemSegment> scope(List<UemSegment> uem, List<BenchFile> files) {
        Set<String> ids = new LinkedHashSet<>();
        for (BenchFile f : files) {
            ids.add(f.id());
        }
        return uem.stream().filter(u -> ids.contains(u.fileId())).toList();
    }

    void header() {
        out.printf(Locale.ROOT, "%-28s %-44s %5s %7s %6s %6s %6s %8s %6s %6s %6s%n", "set", "variant", "files",
                "DER", "miss", "FA", "conf", "DER.25", "JER", "count", "|dk|");
    }

    void print(SetScore s) {
        DerComponents t = s.collar0().total();
        double tot = t.total() > 0 ? t.total() : 1;
        out.printf(Locale.ROOT, "%-28s %-44s %5d %6.2f%% %5.1f%% %5.1f%% %5.1f%% %7.2f%% %5.1f%% %5.0f%% %6.2f%n",
                s.set(), abbreviate(s.variant(), 44), s.files(), 100 * t.der(), 100 * t.missed() / tot,
                100 * t.falseAlarm() / tot, 100 * t.confusion() / tot, 100 * s.collar25().total().der(),
                100 * s.collar0().jer(), 100 * s.countAccuracy(), s.meanAbsCountError());
        if (Double.isFinite(s.rangeCoverage())) {
            out.printf(Locale.ROOT, "%-28s   count range (band %.3f): holds the reference count in %.0f %% of recordings, "
                    + "mean width %.2f%n", "", countBands.get(0), 100 * s.rangeCoverage(), s.rangeWidth());
        }
        out.flush();
    }

    static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
