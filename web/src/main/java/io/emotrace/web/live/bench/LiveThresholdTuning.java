package io.emotrace.web.live.bench;

import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.diarization.bench.TuningMeetings;
import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.MeetingWriter;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.audio.TelephoneChannel;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemReader;
import io.emotrace.rttm.UemSegment;
import io.emotrace.scoring.DiarizationScorer;
import io.emotrace.scoring.ScoreReport;
import io.emotrace.vad.VoiceActivityDetector;
import io.emotrace.web.live.LiveAttributionReplay;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code bench live --tune-same-voice}: the live path's same-voice distance, and the silence that ends its utterances,
 * chosen on tuning recordings only (AMI trn00..09, the held-out speakers' simulated meetings and telephone calls of
 * {@code bench diarization --tune-heldout}), by replaying the live attribution ({@link LiveAttributionReplay}) at each
 * pair; the test excerpts (AMI dev00, dev01) are scored for the pick and the shipped pair only, after the choice.
 */
final class LiveThresholdTuning {
    /** One recording: its audio (16 kHz mono) and reference. */
    private record Recording(String id, float[] audio, List<RttmTurn> reference, int referenceSpeakers) {
    }

    /** One recording replayed: its utterances (embedded once) and its reference. */
    private record Replayed(String id, List<LiveAttributionReplay.Utterance> utterances, List<RttmTurn> reference,
            int referenceSpeakers) {
    }

    /** A set of recordings and the scoring region (null: everything). */
    private record Set(String name, List<Replayed> files, List<UemSegment> uem) {
    }

    private record Source(String name, List<Recording> recordings, List<UemSegment> uem) {
    }

    private final VoiceActivityDetector vad;
    private final Diarizer diarizer;
    private final PrintStream out;
    /** Offline clusterings of the same utterances to print beside the live rows (empty: none). */
    private final List<ClusteringSettings> offline;
    /** How the replayed live streams re-cluster (null: the plain way). */
    private ClusteringSettings recluster;

    /** Replays re-cluster as {@code c} (null: the plain way). */
    LiveThresholdTuning reclusterAs(ClusteringSettings c) {
        this.recluster = c;
        return this;
    }

    LiveThresholdTuning(VoiceActivityDetector vad, Diarizer diarizer, PrintStream out) {
        this(vad, diarizer, out, List.of());
    }

    LiveThresholdTuning(VoiceActivityDetector vad, Diarizer diarizer, PrintStream out,
            List<ClusteringSettings> offline) {
        this.vad = vad;
        this.diarizer = diarizer;
        this.out = out;
        this.offline = offline;
    }

    /** The chosen pair: the silence that ends an utterance and the same-voice distance. */
    record Pick(double minSilence, double distance) {
    }

    /**
     * Sweeps every pair of {@code silences} and {@code distances}, prints every tuning set's DER, returns the pick
     * (lowest mean DER at collar 0; a tie keeps the shipped pair).
     */
    Pick run(List<Double> silences, List<Double> distances, Pick shipped, Path ami, int meetings, long seed,
            double duration) throws EmotraceException, IOException {
        List<UemSegment> uem = UemReader.read(ami.resolve("reference.uem"));
        List<RttmTurn> amiRef = RttmReader.read(ami.resolve("reference.rttm"));
        List<Source> sources = tuningSources(ami, amiRef, uem, meetings, seed, duration);
        out.println("tuning sets (no test speaker): AMI trn00..09, " + meetings + " simulated meetings and " + meetings
                + " telephone calls of the held-out speakers (seed " + seed + ", as bench diarization --tune-heldout)");
        out.printf(Locale.ROOT, "%-8s %-9s", "silence", "distance");
        for (Source s : sources) {
            out.printf(Locale.ROOT, " %24s", s.name() + " DER/count");
        }
        out.printf(Locale.ROOT, " %9s%n", "mean DER");
        Pick best = null;
        double bestMean = Double.MAX_VALUE;
        for (double silence : silences) {
            List<Set> tuning = new ArrayList<>();
            int utterances = 0;
            for (Source s : sources) {
                Set set = replay(s, silence);
                tuning.add(set);
                utterances += set.files().stream().mapToInt(f -> f.utterances().size()).sum();
            }
            out.printf(Locale.ROOT, "(silence %.2f s: %d utterances)%n", silence, utterances);
            for (ClusteringSettings c : offline) {
                double sum = 0;
                out.printf(Locale.ROOT, "%-8.2f %-9s", silence, "offline");
                for (Set s : tuning) {
                    double[] r = scoreOffline(s, c, 0);
                    sum += r[0];
                    out.printf(Locale.ROOT, " %16.1f %% %4.0f %%", 100 * r[0], 100 * r[1]);
                }
                out.printf(Locale.ROOT, " %7.2f %%  %s t %.3f centre %.2f%n", 100 * sum / tuning.size(), c.method(),
                        c.threshold(), c.centreShare());
            }
            for (double d : distances) {
                double sum = 0;
                out.printf(Locale.ROOT, "%-8.2f %-9.3f", silence, d);
                for (Set s : tuning) {
                    double[] r = score(s, d, 0);
                    sum += r[0];
                    out.printf(Locale.ROOT, " %16.1f %% %4.0f %%", 100 * r[0], 100 * r[1]);
                }
                double mean = sum / tuning.size();
                out.printf(Locale.ROOT, " %7.2f %%%n", 100 * mean);
                Pick p = new Pick(silence, d);
                boolean isShipped = same(p, shipped);
                if (mean < bestMean - 1e-9 || Math.abs(mean - bestMean) <= 1e-9 && isShipped) {
                    bestMean = mean;
                    best = isShipped ? shipped : p;
                }
            }
        }
        if (best == null) {
            out.println("pick: none (no pair gave a finite mean tuning DER)");
            return shipped;
        }
        out.printf(Locale.ROOT, "pick: silence %.2f s, same-voice distance %.3f (mean tuning DER %.2f %%; shipped %.2f s, "
                + "%.3f)%n", best.minSilence(), best.distance(), 100 * bestMean, shipped.minSilence(), shipped.distance());
        Source test = new Source("ami-dev00+dev01 (test)", ami(ami, amiRef, "dev"), uem);
        if (!offline.isEmpty()) {
            List<Source> tests = new ArrayList<>(List.of(test));
            tests.addAll(simulatedTests(seed, duration));
            for (Source t : tests) {
                offlineRows(t, best);
            }
        }
        for (Pick p : same(best, shipped) ? List.of(shipped) : List.of(shipped, best)) {
            Set set = replay(test, p.minSilence());
            double[] c0 = score(set, p.distance(), 0);
            double[] c25 = score(set, p.distance(), 0.25);
            out.printf(Locale.ROOT, "%s at silence %.2f s, distance %.3f%s: DER %.1f %% (collar 0), %.1f %% (collar 0.25 "
                    + "s), exact count %.0f %%%n", test.name(), p.minSilence(), p.distance(),
                    same(p, shipped) ? " (shipped)" : " (pick)", 100 * c0[0], 100 * c25[0], 100 * c0[1]);
            for (Replayed f : set.files()) {
                Set one = new Set(f.id(), List.of(f), set.uem());
                double[] r = score(one, p.distance(), 0.25);
                double[] all = score(one, 100, 0.25); // every utterance one speaker: what the cuts alone lose
                out.printf(Locale.ROOT, "  %s: DER %.1f %% (collar 0.25 s); all utterances as one speaker %.1f %%%n",
                        f.id(), 100 * r[0], 100 * all[0]);
            }
        }
        return best;
    }

    /**
     * {@code bench live --tune-confidence}: fits the live labels' confidence on the tuning recordings only (the live
     * labels as first sent at {@code distance}, {@link LiveConfidenceStudy}), writes it to {@code outFile} (null: not),
     * and judges every tuning and test set with the fit and with {@code shipped} (null: none).
     */
    void confidence(Path ami, int meetings, long seed, double duration, double distance, String weightsSha,
            io.emotrace.diarization.embedding.AttributionCalibration shipped, Path outFile)
            throws EmotraceException, IOException {
        List<UemSegment> uem = UemReader.read(ami.resolve("reference.uem"));
        List<RttmTurn> amiRef = RttmReader.read(ami.resolve("reference.rttm"));
        List<Source> tuningSources = tuningSources(ami, amiRef, uem, meetings, seed, duration);
        List<Source> sources = new ArrayList<>(tuningSources);
        sources.add(new Source("ami-dev00+dev01 (test)", ami(ami, amiRef, "dev"), uem));
        sources.addAll(simulatedTests(seed, duration));
        java.util.Map<String, List<io.emotrace.diarization.bench.ConfidenceStudy.Sample>> bySet =
                new java.util.LinkedHashMap<>();
        List<io.emotrace.diarization.bench.ConfidenceStudy.Sample> tuning = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Source src = sources.get(i);
            List<io.emotrace.diarization.bench.ConfidenceStudy.Sample> all = new ArrayList<>();
            for (Replayed f : replay(src, LiveAttributionReplay.liveMinSilence()).files()) {
                all.addAll(LiveConfidenceStudy.samples(f.utterances(),
                        LiveAttributionReplay.emitted(f.utterances(), distance), f.reference()));
            }
            boolean tunes = i < tuningSources.size(); // the tuning sources come first
            bySet.put(tunes ? "tuning " + src.name() : src.name(), all);
            if (tunes) {
                tuning.addAll(all);
            }
        }
        double[] w = io.emotrace.diarization.bench.ConfidenceStudy.fit(tuning);
        out.println("live label confidence fitted on " + tuning.size() + " utterances of the tuning sets (weights: bias, "
                + "own voice, nearest other, log seconds, voice share, log voices, new voice, log utterances): "
                + java.util.Arrays.toString(w));
        var fitted = new io.emotrace.diarization.embedding.AttributionCalibration(w,
                io.emotrace.diarization.online.OnlineSpeakers.liveSettings(distance), weightsSha,
                "bench live --tune-confidence --tune-meetings " + meetings + " (seed " + seed + "): fitted on "
                        + tuning.size() + " live utterances of AMI trn00..09 and the held-out speakers' meetings and calls");
        if (outFile != null) {
            fitted.write(outFile);
            out.println("written: " + outFile);
        }
        for (var cal : shipped == null ? List.of(fitted) : List.of(fitted, shipped)) {
            out.println(cal == fitted ? " with the calibration fitted now (right = the label's mapped reference "
                    + "speaker talks, reference speech only):" : " with the speaker model's live calibration:");
            bySet.forEach((name, samples) -> io.emotrace.diarization.bench.ConfidenceStudy.report(out, name,
                    LiveConfidenceStudy.judged(samples, cal)));
        }
    }

    /** The tuning recordings: AMI trn00..09 and the held-out speakers' meetings and calls ({@code --tune-heldout}'s). */
    private List<Source> tuningSources(Path ami, List<RttmTurn> amiRef, List<UemSegment> uem, int meetings, long seed,
            double duration) throws EmotraceException {
        return List.of(new Source("ami-trn00..09", ami(ami, amiRef, "trn"), uem),
                new Source("sim-heldout", simulated(TuningMeetings.heldOut(meetings, seed, duration), x -> x), null),
                new Source("telephone-heldout", simulated(TuningMeetings.heldOutTelephone(meetings, seed, duration),
                        TelephoneChannel::apply), null));
    }

    /** The simulated test sets of {@code bench diarization}: emotional meetings of held-out corpora, calls. */
    private List<Source> simulatedTests(long seed, double duration) throws EmotraceException {
        return List.of(new Source("lco-emotional (test)", simulated(TuningMeetings.lcoEmotional(10, seed, duration),
                x -> x), null), new Source("telephone (test)", simulated(TuningMeetings.testCalls(10, seed, duration),
                TelephoneChannel::apply), null));
    }

    private static boolean same(Pick a, Pick b) {
        return Math.abs(a.minSilence() - b.minSilence()) < 1e-9 && Math.abs(a.distance() - b.distance()) < 1e-9;
    }

    private Set replay(Source s, double silence) throws EmotraceException {
        List<Replayed> files = new ArrayList<>();
        for (Recording r : s.recordings()) {
            files.add(new Replayed(r.id(), LiveAttributionReplay.utterances(vad, diarizer, r.audio(), silence),
                    r.reference(), r.referenceSpeakers()));
        }
        return new Set(s.name(), files, s.uem());
    }

    /** DER of the set's live labels at {@code distance}, and the share of files with the reference's speaker count. */
    private double[] score(Set s, double distance, double collar) {
        return score(s, f -> LiveAttributionReplay.attribute(f.id(), f.utterances(), distance, recluster), collar);
    }

    /** The same for the utterances clustered at once as {@code c}. */
    private static double[] scoreOffline(Set s, ClusteringSettings c, double collar) {
        return score(s, f -> LiveAttributionReplay.cluster(f.id(), f.utterances(), c), collar);
    }

    private static double[] score(Set s, java.util.function.Function<Replayed, List<RttmTurn>> labels, double collar) {
        List<RttmTurn> ref = new ArrayList<>();
        List<RttmTurn> hyp = new ArrayList<>();
        int exact = 0;
        for (Replayed f : s.files()) {
            List<RttmTurn> h = labels.apply(f);
            ref.addAll(f.reference());
            hyp.addAll(h);
            if (h.stream().map(t -> t.turn().speaker()).distinct().count() == f.referenceSpeakers()) {
                exact++;
            }
        }
        ScoreReport r = DiarizationScorer.score(ref, hyp, s.uem(), collar);
        return new double[] {r.total().der(), exact / (double) s.files().size()};
    }

    /** A test set's DER for the live pick and each offline clustering of the same utterances. */
    private void offlineRows(Source test, Pick live) throws EmotraceException {
        Set set = replay(test, live.minSilence());
        double[] l0 = score(set, live.distance(), 0);
        out.printf(Locale.ROOT, "%s live at %.3f: DER %.1f %% (collar 0), %.1f %% (collar 0.25 s), exact count %.0f %%%n",
                test.name(), live.distance(), 100 * l0[0], 100 * score(set, live.distance(), 0.25)[0], 100 * l0[1]);
        for (ClusteringSettings c : offline) {
            double[] c0 = scoreOffline(set, c, 0);
            double[] c25 = scoreOffline(set, c, 0.25);
            out.printf(Locale.ROOT, "%s offline %s t %.3f: DER %.1f %% (collar 0), %.1f %% (collar 0.25 s), exact "
                    + "count %.0f %%%n", test.name(), c.method(), c.threshold(), 100 * c0[0], 100 * c25[0], 100 * c0[1]);
        }
    }

    private List<Recording> ami(Path dir, List<RttmTurn> ref, String prefix) throws EmotraceException {
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        List<Recording> files = new ArrayList<>();
        for (String id : ref.stream().map(RttmTurn::fileId).filter(f -> f.startsWith(prefix)).distinct().sorted()
                .toList()) {
            List<RttmTurn> mine = ref.stream().filter(t -> t.fileId().equals(id)).toList();
            files.add(new Recording(id, decoder.decodeAll(dir.resolve(id + ".flac")), mine, speakers(mine)));
        }
        return files;
    }

    private List<Recording> simulated(MeetingConfig config, UnaryOperator<float[]> channel) throws EmotraceException {
        MeetingSimulator sim = MeetingSimulator.create(config);
        List<Recording> files = new ArrayList<>();
        for (int i = 0; i < config.count(); i++) {
            SimulatedMeeting m = sim.simulate(i);
            files.add(new Recording(m.id(), channel.apply(m.audio()), MeetingWriter.referenceTurns(m),
                    m.speakers().size()));
        }
        return files;
    }

    private static int speakers(List<RttmTurn> turns) {
        return (int) turns.stream().map(t -> t.turn().speaker()).distinct().count();
    }
}
