package io.emotrace.diarization.bench;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.cli.CliCommand;
import io.emotrace.audio.Bandwidth;
import io.emotrace.diarization.pipeline.DiarizationSettings;
import io.emotrace.diarization.pipeline.FrameGrid;
import io.emotrace.diarization.pipeline.LevelNormalizedAudio;
import io.emotrace.diarization.pipeline.SegmentationFrames;
import io.emotrace.diarization.pipeline.SpeakerDiarizerFactory;
import io.emotrace.diarization.pipeline.TelephoneBandFold;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.MeetingWriter;
import io.emotrace.diarization.simulate.NoiseType;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.audio.TelephoneChannel;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemReader;
import io.emotrace.rttm.UemSegment;
import io.emotrace.segmentation.PyannoteSegmentation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotrace bench segmentation}: what the segmentation alone loses with perfect speaker labels. Per frame
 * the segmentation gives a number of simultaneous speakers ({@link SegmentationFrames}); an oracle that labels
 * them perfectly still misses max(0, ref − hyp) and adds max(0, hyp − ref) speakers, so its DER is (missed + false
 * alarm) / reference speech. The miss is split into frames where the segmentation finds nobody and frames where
 * it finds fewer speakers than talk (overlap under-count). Variants change one cause at a time: thresholds,
 * hysteresis, aggregation across windows, window edges, hop, level normalisation, gap filling.
 */
@Command(name = "segmentation", mixinStandardHelpOptions = true,
        description = "Segmentation-only errors with perfect speaker labels (oracle miss / false alarm / DER) on the "
                + "AMI excerpts and simulated meetings, per cause.")
public final class SegmentationBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--meetings", description = "simulated meetings of the held-out speakers, as bench diarization "
            + "(default ${DEFAULT-VALUE})")
    int meetings = 10;

    @Option(names = "--tune-meetings", description = "simulated meetings of NON-held-out speakers, as bench "
            + "diarization --tune (default ${DEFAULT-VALUE})")
    int tuneMeetings = 10;

    @Option(names = "--calls", description = "telephone-like two-party calls, as bench diarization (default "
            + "${DEFAULT-VALUE})")
    int calls = 5;

    @Option(names = "--tune-calls", description = "telephone-like calls of another seed, for tuning (default "
            + "${DEFAULT-VALUE})")
    int tuneCalls = 5;

    @Option(names = "--duration", description = "length of each simulated meeting, s (default ${DEFAULT-VALUE})")
    double duration = 90;

    @Option(names = "--seed", description = "simulation seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--no-ami", description = "skip the AMI excerpts")
    boolean noAmi;

    @Option(names = "--all-variants", description = "print every variant (default: the shipped settings, one "
            + "change per cause, and the final comparison)")
    boolean allVariants = true;

    @Option(names = "--grid", description = "also search threshold x hysteresis x pair share x count cut x weights "
            + "and print the best by the mean oracle DER of the tuning sets (AMI trn*, sim-tune)")
    boolean grid;

    @Option(names = "--grid-set", paramLabel = "SET", description = "rank the grid by this tuning set alone "
            + "(e.g. tel-tune)")
    String gridSet;

    @Option(names = "--grid-top", description = "grid rows printed (default ${DEFAULT-VALUE})")
    int gridTop = 15;

    @Option(names = "--narrowband-mirror", paramLabel = "DB", description = "the segmentation model hears each "
            + "telephone-band recording plus its mirror image above 4 kHz this many dB down, as the pipeline's "
            + "telephone-band case does; 0 = the recording as it is (default ${DEFAULT-VALUE})")
    double narrowbandMirror = TelephoneBandFold.GAIN_DB;

    @Option(names = "--threads", description = "ONNX Runtime threads (default ${DEFAULT-VALUE}; 0 = per core)")
    int threads = 1;

    @Override
    public String parent() {
        return "bench";
    }

    /** One recording: its audio, the reference count per frame (-1: not scored) at collar 0 and 0.25 s. */
    record Rec(String set, String id, AudioSource audio, int[] ref, int[] refCollar, long frames,
               Map<String, PyannoteSegmentation.Window> windows, boolean narrowband) {
    }

    /** A variant: hop, level normalisation, frame options. */
    record Variant(String name, double hop, boolean normalise, SegmentationFrames.Options options, int shift,
                   DiarizationSettings perRecording) {
        Variant(String name, double hop, boolean normalise, SegmentationFrames.Options options) {
            this(name, hop, normalise, options, 0, null);
        }

        Variant(String name, double hop, boolean normalise, SegmentationFrames.Options options, int shift) {
            this(name, hop, normalise, options, shift, null);
        }

        /** The options for one recording: with {@code perRecording}, as the pipeline picks them (telephone band). */
        SegmentationFrames.Options optionsFor(Rec r) {
            return perRecording == null ? options
                    : SegmentationFrames.Options.shipped(perRecording.forRecording(r.narrowband()));
        }

        /** The counts moved {@code shift} frames later (a check of the frame alignment). */
        int[] counts(Rec r, List<PyannoteSegmentation.Window> ws, long frames) {
            int[] c = SegmentationFrames.counts(ws, frames, optionsFor(r));
            int[] out = new int[c.length];
            for (int g = 0; g < c.length; g++) {
                int from = g - shift;
                out[g] = from >= 0 && from < c.length ? c[from] : 0;
            }
            return out;
        }
    }

    /** Frame-weighted oracle error tallies of one set (in frames × speakers). */
    static final class Tally {
        double ref;
        double miss;
        double missNone;
        double missUnder;
        double fa;
        double refC;
        double errC;

        void add(int[] ref, int[] refCollar, int[] hyp) {
            for (int g = 0; g < ref.length; g++) {
                int h = g < hyp.length ? hyp[g] : 0;
                int r = ref[g];
                if (r >= 0) {
                    this.ref += r;
                    if (h < r) {
                        miss += r - h;
                        if (h == 0) {
                            missNone += r;
                        } else {
                            missUnder += r - h;
                        }
                    } else {
                        fa += h - r;
                    }
                }
                int rc = refCollar[g];
                if (rc >= 0) {
                    refC += rc;
                    errC += Math.abs(h - rc);
                }
            }
        }

        double pct(double x, double of) {
            return of > 0 ? 100 * x / of : 0;
        }

        String describe() {
            return String.format(Locale.ROOT, "%5.1f (%4.1f+%4.1f) %4.1f %5.1f %5.1f", pct(miss, ref),
                    pct(missNone, ref), pct(missUnder, ref), pct(fa, ref), pct(miss + fa, ref), pct(errC, refC));
        }

        double der() {
            return pct(miss + fa, ref);
        }
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        // the windows as the windows-alone path reads them: the utterance path's companion windows keep the wideband
        // thresholds everywhere (DiarizationSettings.defaults), so its settings would hide the telephone-band case
        DiarizationSettings s = DiarizationSettings.defaults().windowsAlone().withNarrowbandMirror(narrowbandMirror);
        try (PyannoteSegmentation seg = SpeakerDiarizerFactory.loadSegmentation(threads)) {
            Map<String, List<Rec>> sets = new LinkedHashMap<>();
            if (!noAmi) {
                ami(sets, out);
            }
            if (tuneMeetings > 0) {
                sets.put("sim-tune", simulated("sim-tune", config(Set.of(), DiarizationBenchCommand.HELD_OUT,
                        tuneMeetings, seed + 1), false));
            }
            if (meetings > 0) {
                sets.put("sim-heldout", simulated("sim-heldout", config(DiarizationBenchCommand.HELD_OUT, Set.of(),
                        meetings, seed), false));
            }
            if (tuneCalls > 0) {
                sets.put("tel-tune", simulated("tel-tune", callConfig(tuneCalls, seed + 14), true));
            }
            if (calls > 0) {
                sets.put("telephone", simulated("telephone", callConfig(calls, seed + 13), true));
            }
            for (var e : sets.entrySet()) {
                Tally t = new Tally();
                double overlap = 0;
                for (Rec r : e.getValue()) {
                    int[] ones = new int[r.ref().length];
                    for (int g = 0; g < ones.length; g++) {
                        ones[g] = r.ref()[g] > 0 ? 1 : 0;
                        overlap += r.ref()[g] > 1 ? r.ref()[g] : 0;
                    }
                    t.add(r.ref(), r.refCollar(), ones);
                }
                out.printf(Locale.ROOT, "%s: %d recordings, %.1f s of reference speech (speaker-time), %.1f %% of it "
                        + "overlapped; a perfect speech detector that counts one speaker misses %.1f %%%n",
                        e.getKey(), e.getValue().size(), FrameGrid.seconds((long) t.ref), 100 * overlap / t.ref,
                        t.pct(t.miss, t.ref));
                StringBuilder bw = new StringBuilder("  energy above 4 kHz, %:");
                for (Rec r : e.getValue()) {
                    bw.append(String.format(Locale.ROOT, " %.3f", 100 * Bandwidth.highBandShare(r.audio())));
                }
                out.println(bw);
            }
            out.println();
            Variant shipped = variants(s).get(2); // the wideband settings everywhere: why the telephone band differs
            for (var e : sets.entrySet()) {
                diagnose(e.getKey(), e.getValue(), seg, shipped, out);
            }
            out.println();
            out.println("oracle errors in % of reference speech: miss (nobody found + under-count), false alarm, "
                    + "oracle DER (collar 0), oracle DER (collar 0.25 s)");
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-44s", "variant"));
            for (String set : sets.keySet()) {
                head.append(String.format(Locale.ROOT, " | %-36s", set));
            }
            out.println(head);
            long t0 = System.nanoTime();
            for (Variant v : variants(s)) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-44s", v.name()));
                for (List<Rec> recs : sets.values()) {
                    Tally t = new Tally();
                    for (Rec r : recs) {
                        t.add(r.ref(), r.refCollar(), v.counts(r, windows(seg, r, v), r.frames()));
                    }
                    line.append(" | ").append(t.describe());
                }
                out.println(line);
                out.flush();
            }
            out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
            if (grid) {
                grid(seg, sets, s, gridSet, gridTop, out);
            }
        } catch (EmotraceException e) {
            System.err.println("bench segmentation: error " + e.describe());
            return 1;
        } catch (IOException e) {
            System.err.println("bench segmentation: error " + e);
            return 1;
        }
        return 0;
    }

    /** Every combination of the window-level and aggregation settings; the best 15 by the tuning sets' mean. */
    private void grid(PyannoteSegmentation seg, Map<String, List<Rec>> sets, DiarizationSettings s,
                             String only, int top, PrintStream out) throws EmotraceException {
        if (only != null && !(tuning(only) && sets.containsKey(only))) {
            throw new IllegalArgumentException("--grid-set must name a tuning set: " + sets.keySet());
        }
        SegmentationFrames.Options base = SegmentationFrames.Options.shipped(s);
        record Row(String name, double key, String line) {
        }
        List<Row> rows = new ArrayList<>();
        for (double on : new double[] {0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5}) {
            for (double drop : new double[] {0, 0.05, 0.1, 0.15}) {
                if (on - drop < 0.1) {
                    continue;
                }
                for (double pair : new double[] {0, 0.45, 0.4, 0.35}) {
                    for (double cut : new double[] {0.5, 0.4}) {
                        for (boolean ham : new boolean[] {true, false}) {
                            SegmentationFrames.Options o = base.withOnsetOffset(on, on - drop).withPairShare(pair)
                                    .withCountCut(cut).withHamming(ham);
                            String name = String.format(Locale.ROOT, "on %.2f off %.2f pair %.2f cut %.2f %s", on,
                                    on - drop, pair, cut, ham ? "hamming" : "uniform");
                            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-44s", name));
                            double key = 0;
                            int tuning = 0;
                            for (var e : sets.entrySet()) {
                                Tally t = new Tally();
                                for (Rec r : e.getValue()) {
                                    t.add(r.ref(), r.refCollar(), SegmentationFrames.counts(
                                            windows(seg, r, new Variant(name, s.hopSeconds(), true, o)), r.frames(), o));
                                }
                                line.append(" | ").append(t.describe());
                                if (only == null ? tuning(e.getKey()) : e.getKey().equals(only)) {
                                    key += t.der();
                                    tuning++;
                                }
                            }
                            rows.add(new Row(name, key / Math.max(1, tuning), line.toString()));
                        }
                    }
                }
            }
        }
        rows.sort(java.util.Comparator.comparingDouble(Row::key));
        for (Row r : rows) {
            if (r.name().equals(String.format(Locale.ROOT, "on %.2f off %.2f pair %.2f cut %.2f %s", base.onset(),
                    base.offset(), base.pairShare(), base.countCut(), base.hamming() ? "hamming" : "uniform"))) {
                out.printf(Locale.ROOT, "%nshipped, rank %d of %d:%n%s   mean %.2f%n", rows.indexOf(r) + 1, rows.size(),
                        r.line(), r.key());
            }
        }
        out.println();
        out.printf(Locale.ROOT, "grid: best %d of %d by the mean oracle DER of %s (shipped: on %.2f "
                + "off %.2f pair %.2f cut %.2f %s)%n", Math.min(top, rows.size()), rows.size(), only != null ? only
                        : "the tuning sets (AMI trn*, sim-tune, tel-tune)", base.onset(), base.offset(), base.pairShare(),
                base.countCut(), base.hamming() ? "hamming" : "uniform");
        for (int i = 0; i < Math.min(top, rows.size()); i++) {
            out.printf(Locale.ROOT, "%s   mean %.2f%n", rows.get(i).line(), rows.get(i).key());
        }
    }

    /** The sets settings may be chosen on: AMI trn*, simulated meetings and calls of their own seeds. */
    static boolean tuning(String set) {
        return set.startsWith("ami-trn") || set.endsWith("-tune");
    }

    /** One change per cause from the shipped settings, then combinations. */
    static List<Variant> variants(DiarizationSettings s) {
        SegmentationFrames.Options o = SegmentationFrames.Options.shipped(s);
        double hop = s.hopSeconds();
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("shipped (telephone band: its own thresholds)", hop, true, o, 0, s));
        v.add(new Variant("before this work (pair share 0, one threshold)", hop, true, o.withPairShare(0)));
        v.add(new Variant("shipped, one threshold for all", hop, true, o));
        for (double t : new double[] {0.25, 0.3, 0.35, 0.4, 0.5, 0.55}) {
            v.add(new Variant(String.format(Locale.ROOT, "threshold %.2f", t), hop, true, o.withOnsetOffset(t, t)));
        }
        for (double[] h : new double[][] {{0.45, 0.3}, {0.45, 0.2}, {0.5, 0.3}, {0.55, 0.3}, {0.6, 0.3}}) {
            v.add(new Variant(String.format(Locale.ROOT, "hysteresis on %.2f off %.2f", h[0], h[1]), hop, true,
                    o.withOnsetOffset(h[0], h[1])));
        }
        v.add(new Variant("no min-activity drop (0.25 s)", hop, true, o.withMinSpeakerSeconds(0)));
        v.add(new Variant("uniform weights", hop, true, o.withHamming(false)));
        for (double c : new double[] {0.25, 0.35, 0.4, 0.6}) {
            v.add(new Variant(String.format(Locale.ROOT, "count cut %.2f", c), hop, true, o.withCountCut(c)));
        }
        for (double t : new double[] {0.35, 0.45, 0.55}) {
            v.add(new Variant(String.format(Locale.ROOT, "soft: mean P(speech) >= %.2f", t), hop, true,
                    o.withSoft(true).withOnsetOffset(t, t)));
        }
        for (double p : new double[] {0, 0.5, 0.45, 0.4, 0.35, 0.3, 0.2}) {
            v.add(new Variant(p == 0 ? "best non-empty class (pair share 0)" : String.format(Locale.ROOT,
                    "two speakers when P(pair | speech) >= %.2f", p), hop, true, o.withPairShare(p)));
        }
        for (int e : new int[] {30, 59, 118}) {
            v.add(new Variant(String.format(Locale.ROOT, "edge frames discounted: %d (%.1f s)", e,
                    FrameGrid.seconds(e)), hop, true, o.withEdgeFrames(e)));
        }
        for (double g : new double[] {0, 0.25, 0.5, 1.0}) {
            v.add(new Variant(String.format(Locale.ROOT, "gap fill %.2f s", g), hop, true, o.withGapFill(g)));
        }
        for (double p : new double[] {0.05, 0.1, 0.2, 0.3}) {
            v.add(new Variant(String.format(Locale.ROOT, "speech padded by %.2f s", p), hop, true, o.withPad(p)));
        }
        for (int sh : new int[] {-6, -3, 3, 6}) {
            v.add(new Variant(String.format(Locale.ROOT, "alignment check: shifted %+d frames (%+.0f ms)", sh,
                    1000 * FrameGrid.seconds(sh)), hop, true, o, sh));
        }
        v.add(new Variant("hop 1.25 s", 1.25, true, o));
        v.add(new Variant("hop 5 s", 5.0, true, o));
        v.add(new Variant("no level normalisation", hop, false, o));
        return v;
    }

    /** Where the shipped settings' miss comes from: per frame, what the covering windows said. */
    private void diagnose(String set, List<Rec> recs, PyannoteSegmentation seg, Variant v, PrintStream out)
            throws EmotraceException {
        double ref = 0;
        double[] none = new double[5]; // max P(speech) < .1, < .3, < threshold, >= threshold; near a boundary
        double[] under = new double[3]; // some window counts enough; P(pair|speech) >= .3 somewhere; neither
        for (Rec r : recs) {
            List<PyannoteSegmentation.Window> ws = windows(seg, r, v);
            int n = r.ref().length;
            double[] maxP = new double[n];
            double[] maxPair = new double[n];
            int[] maxCount = new int[n];
            for (PyannoteSegmentation.Window w : ws) {
                byte[] bits = SegmentationFrames.windowBits(w.classProbabilities(), v.options());
                long start = w.startSample() / FrameGrid.STEP + FrameGrid.SEGMENTATION_OFFSET;
                for (int i = 0; i < bits.length; i++) {
                    long g = start + i;
                    if (g >= n) {
                        continue;
                    }
                    float[] c = w.classProbabilities()[i];
                    int gi = (int) g;
                    maxP[gi] = Math.max(maxP[gi], 1 - c[0]);
                    maxPair[gi] = Math.max(maxPair[gi], (c[4] + c[5] + c[6]) / Math.max(1e-6, 1 - c[0]));
                    maxCount[gi] = Math.max(maxCount[gi], Integer.bitCount(bits[i]));
                }
            }
            int[] hyp = SegmentationFrames.counts(ws, r.frames(), v.options());
            for (int g = 0; g < n; g++) {
                int rc = r.ref()[g];
                if (rc <= 0) {
                    continue;
                }
                ref += rc;
                if (hyp[g] == 0) {
                    double t = v.options().onset();
                    none[maxP[g] < 0.1 ? 0 : maxP[g] < 0.3 ? 1 : maxP[g] < t ? 2 : 3] += rc;
                    if (r.refCollar()[g] < 0) {
                        none[4] += rc;
                    }
                } else if (hyp[g] < rc) {
                    under[maxCount[g] >= rc ? 0 : maxPair[g] >= 0.3 ? 1 : 2] += rc - hyp[g];
                }
            }
        }
        out.printf(Locale.ROOT, "%s, shipped wideband settings: nobody found %.1f %% of the speech: the best covering window "
                        + "has P(speech) < 0.1: %.1f, 0.1-0.3: %.1f, 0.3-%.2f: %.1f, >= %.2f (lost in aggregation): %.1f; "
                        + "within 0.25 s of a reference boundary: %.1f%n", set,
                100 * (none[0] + none[1] + none[2] + none[3]) / ref, 100 * none[0] / ref, 100 * none[1] / ref,
                v.options().onset(), 100 * none[2] / ref, v.options().onset(), 100 * none[3] / ref,
                100 * none[4] / ref);
        out.printf(Locale.ROOT, "  under-count %.1f %%: some window counts enough (lost in aggregation) %.1f, no window "
                        + "does but one has P(pair | speech) >= 0.3: %.1f, neither: %.1f%n",
                100 * (under[0] + under[1] + under[2]) / ref, 100 * under[0] / ref, 100 * under[1] / ref,
                100 * under[2] / ref);
    }

    private List<PyannoteSegmentation.Window> windows(PyannoteSegmentation seg, Rec r, Variant v)
            throws EmotraceException {
        List<Long> starts = SegmentationFrames.windowStarts(r.audio().length(), v.hop());
        List<Long> todo = new ArrayList<>();
        for (long st : starts) {
            if (!r.windows().containsKey(v.normalise() + "@" + st)) {
                todo.add(st);
            }
        }
        if (!todo.isEmpty()) {
            AudioSource a = v.normalise() ? LevelNormalizedAudio.of(r.audio()) : r.audio();
            if (r.narrowband() && narrowbandMirror < 0) {
                a = TelephoneBandFold.of(a, narrowbandMirror); // what the pipeline's telephone-band case hears
            }
            seg.segment(a, todo, w -> r.windows().put(v.normalise() + "@" + w.startSample(), w));
        }
        List<PyannoteSegmentation.Window> out = new ArrayList<>(starts.size());
        for (long st : starts) {
            out.add(r.windows().get(v.normalise() + "@" + st));
        }
        return out;
    }

    private void ami(Map<String, List<Rec>> sets, PrintStream out) throws EmotraceException, IOException {
        Path dir = SharedData.root().resolve("data/ami-dev");
        if (!Files.isRegularFile(dir.resolve("reference.rttm"))) {
            out.println("AMI: skipped, " + dir + " not found (set EMOTRACE_SHARED)");
            return;
        }
        List<RttmTurn> ref = RttmReader.read(dir.resolve("reference.rttm"));
        List<UemSegment> uem = UemReader.read(dir.resolve("reference.uem"));
        TreeMap<String, List<double[]>> uemByFile = new TreeMap<>();
        for (UemSegment u : uem) {
            uemByFile.computeIfAbsent(u.fileId(), k -> new ArrayList<>()).add(new double[] {u.start(), u.end()});
        }
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        List<Rec> trn = new ArrayList<>();
        List<Rec> dev = new ArrayList<>();
        for (var e : uemByFile.entrySet()) {
            float[] x = decoder.decodeAll(dir.resolve(e.getKey() + ".flac"));
            List<RttmTurn> turns = ref.stream().filter(t -> t.fileId().equals(e.getKey())).toList();
            Rec r = rec(e.getKey().startsWith("dev") ? "ami-dev" : "ami-trn", e.getKey(), x, turns, e.getValue());
            (e.getKey().startsWith("dev") ? dev : trn).add(r);
        }
        sets.put("ami-trn00..09 (tuning)", trn);
        sets.put("ami-dev00+dev01 (report only)", dev);
    }

    private List<Rec> simulated(String set, MeetingConfig config, boolean telephone) throws EmotraceException {
        MeetingSimulator sim = MeetingSimulator.create(config);
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < config.count(); i++) {
            SimulatedMeeting m = sim.simulate(i);
            out.add(rec(set, m.id(), telephone ? TelephoneChannel.apply(m.audio()) : m.audio(),
                    MeetingWriter.referenceTurns(m),
                    List.of(new double[] {0, m.durationSeconds()})));
        }
        return out;
    }

    /** Two-party calls as bench diarization simulates them (seed + 13 there). */
    private MeetingConfig callConfig(int n, long s) {
        return MeetingConfig.builder().corpora(List.of("phone-alphanumeric")).count(n).seed(s).speakers(2, 2)
                .overlapRatio(0.1).noise(NoiseType.PINK, 25).levelDbRange(6).durationSeconds(Math.min(duration, 60))
                .build();
    }

    private MeetingConfig config(Set<String> only, Set<String> exclude, int n, long s) {
        return MeetingConfig.builder().corpora(List.of("ravdess", "casia", "urdu", "librispeech"))
                .onlySpeakers(only).excludeSpeakers(exclude).count(n).seed(s).speakers(1, 8).overlapRatio(0.2)
                .noise(NoiseType.PINK, 20).levelDbRange(6).durationSeconds(duration).build();
    }

    static Rec rec(String set, String id, float[] audio, List<RttmTurn> turns, List<double[]> scored) {
        long frames = (audio.length + FrameGrid.STEP - 1) / FrameGrid.STEP;
        return new Rec(set, id, new ArrayAudioSource(audio), referenceCounts(turns, scored, frames, 0),
                referenceCounts(turns, scored, frames, 0.25), frames, new HashMap<>(),
                Bandwidth.isNarrowband(new ArrayAudioSource(audio)));
    }

    /**
     * Reference speakers per frame (by the frame's centre; each speaker's turns merged), -1 outside the scored
     * regions and within ±{@code collar} s of any reference turn boundary.
     */
    static int[] referenceCounts(List<RttmTurn> turns, List<double[]> scored, long frames, double collar) {
        int[] out = new int[(int) frames];
        java.util.Arrays.fill(out, -1);
        for (double[] u : scored) {
            for (int g = 0; g < frames; g++) {
                double c = FrameGrid.seconds(g) + FrameGrid.seconds(1) / 2;
                if (c >= u[0] && c < u[1]) {
                    out[g] = 0;
                }
            }
        }
        Map<String, boolean[]> bySpeaker = new HashMap<>();
        for (RttmTurn t : turns) {
            boolean[] on = bySpeaker.computeIfAbsent(t.speaker(), k -> new boolean[(int) frames]);
            for (int g = 0; g < frames; g++) {
                double c = FrameGrid.seconds(g) + FrameGrid.seconds(1) / 2;
                if (c >= t.start() && c < t.end()) {
                    on[g] = true;
                }
            }
        }
        for (boolean[] on : bySpeaker.values()) {
            for (int g = 0; g < frames; g++) {
                if (on[g] && out[g] >= 0) {
                    out[g]++;
                }
            }
        }
        if (collar > 0) {
            for (RttmTurn t : turns) {
                for (double b : new double[] {t.start(), t.end()}) {
                    for (int g = 0; g < frames; g++) {
                        double c = FrameGrid.seconds(g) + FrameGrid.seconds(1) / 2;
                        if (Math.abs(c - b) < collar) {
                            out[g] = -1;
                        }
                    }
                }
            }
        }
        return out;
    }
}
