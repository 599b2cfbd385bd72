package io.emotrace.diarization.bench;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.WavFileSource;
import io.emotrace.audio.WavWriter;
import io.emotrace.cli.CliCommand;
import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.embedding.AttributionCalibration;
import io.emotrace.diarization.embedding.HeldOutSpeakers;
import io.emotrace.diarization.pipeline.Evidence;
import io.emotrace.diarization.pipeline.EvidenceResolver;
import io.emotrace.diarization.pipeline.DiarizationSettings;
import io.emotrace.diarization.pipeline.SpeakerDiarizer;
import io.emotrace.diarization.pipeline.SpeakerDiarizerFactory;
import io.emotrace.scoring.BootstrapInterval;
import io.emotrace.scoring.DerBootstrap;
import io.emotrace.scoring.DerComponents;
import io.emotrace.scoring.DiarizationScorer;
import io.emotrace.scoring.FileScore;
import io.emotrace.scoring.ScoreReport;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.MeetingWriter;
import io.emotrace.diarization.simulate.NoiseType;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.audio.TelephoneChannel;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemReader;
import io.emotrace.rttm.UemSegment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotrace bench diarization}: DER (collar 0 and 0.25 s, overlap scored), JER and exact speaker-count
 * rate on the 12 AMI excerpts (all, dev00+dev01, trn*) and on simulated meetings of held-out speakers, against
 * the one-speaker baseline, with the real-time factor; {@code --tune} adds the threshold sweep and the
 * clustering ablation on meetings of NON-held-out speakers (the only set thresholds may be chosen on).
 */
@Command(name = "diarization", mixinStandardHelpOptions = true,
        description = "DER/JER/speaker-count accuracy on AMI excerpts and simulated meetings of held-out speakers, "
                + "the one-speaker baseline, and the real-time factor.")
public final class DiarizationBenchCommand implements CliCommand, Callable<Integer> {
    /** The project's held-out speakers (never in embedding training); AMI ids are not in the simulator's corpora. */
    static final Set<String> HELD_OUT = Set.copyOf(HeldOutSpeakers.IDS);

    @Option(names = "--meetings", description = "simulated meetings of held-out speakers (default ${DEFAULT-VALUE})")
    int meetings = 20;

    @Option(names = "--duration", description = "target length of each simulated meeting, s (default ${DEFAULT-VALUE})")
    double duration = 90;

    @Option(names = "--seed", description = "simulation seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--lco-meetings", description = "simulated meetings of the emotional corpora held out of "
            + "embedding training as whole corpora (Polish, Italian: languages absent from training), 2-6 speakers "
            + "(default ${DEFAULT-VALUE})")
    int lcoMeetings = 10;

    @Option(names = "--calls", description = "telephone-like two-party calls (300-3400 Hz, mu-law) of the held-out "
            + "phone corpus's speakers (default ${DEFAULT-VALUE})")
    int calls = 10;

    @Option(names = "--no-ami", description = "skip the AMI excerpts")
    boolean noAmi;

    @Option(names = "--tune", paramLabel = "N", description = "also sweep thresholds and compare clustering variants "
            + "on N meetings of NON-held-out speakers and on AMI trn* (default 0: off)")
    int tune;

    @Option(names = "--long-minutes", paramLabel = "M", description = "also diarize one M-minute recording tiled "
            + "from held-out meetings, streamed from a WAV file: RTF, peak heap, DER (default 0: off)")
    double longMinutes;

    @Option(names = "--long-thresholds", split = ",", paramLabel = "D,...", description = "with --long-minutes: also "
            + "cluster the long recording's evidence at each of these multi-stage AHC thresholds (tuning: the long "
            + "recording is tiled from the tuning speakers)")
    List<Double> longThresholds;

    @Option(names = "--long-samples", split = ",", paramLabel = "N,...", description = "with --long-minutes: also "
            + "the voices as the spectral partition of N embeddings (0: the staged AHC's own clusters, as before the "
            + "twenty-first session)")
    List<Integer> longSamples;

    @Option(names = "--confidence", description = "also check the turn confidence (calibrated probability that a "
            + "turn's voice is right) on every set built: the speaker model's shipped calibration, and with --tune one "
            + "fitted now on the tuning sets alone")
    boolean confidence;

    @Option(names = "--confidence-out", paramLabel = "FILE", description = "with --confidence and --tune: write the "
            + "calibration fitted on the tuning sets here (attribution-confidence.json beside a speaker model)")
    Path confidenceOut;

    /** Sets kept for the confidence study (tuning sets' names start with "tune-"). */
    private final Map<String, List<BenchFile>> confidenceSets = new LinkedHashMap<>();

    @Option(names = "--count-bands", split = ",", paramLabel = "D,...", description = "bands (cosine distance either "
            + "way of the threshold) of the speaker-count range scored beside the default variant: how often the range "
            + "holds the reference count, and its width; the first is printed under every row (default: the shipped band)")
    List<Double> countBands;

    @Option(names = "--threshold", description = "clustering threshold (default: the tuned one)")
    Double threshold;

    @Option(names = "--link-overlap", description = "link a voice through consecutive windows whose activity agrees "
            + "at least this much; 0 = off (default: the tuned one)")
    Double linkOverlap;

    @Option(names = "--centre", description = "subtract this share of the recording's mean embedding before "
            + "clustering; 0 = off (default: the tuned one)")
    Double centre;

    @Option(names = "--apart-merge", description = "merge clusters never heard in one window while closer than this "
            + "cosine distance; 0 = off (default: the tuned one)")
    Double apartMerge;

    @Option(names = "--impostor-sigmas", description = "per-recording AHC threshold at the median + K robust sigmas "
            + "of the recording's own different-voice scores; 0 = the fixed threshold (default: the tuned one)")
    Double impostorSigmas;

    @Option(names = "--speech-threshold", description = "segmentation frame is speech when 1 - P(none) reaches "
            + "this (default: the tuned one)")
    Double speechThreshold;

    @Option(names = "--pair-share", description = "a speech frame has two speakers when the two-speaker classes hold "
            + "this share of its speech mass; 0 = the most probable non-empty class (default: the tuned one)")
    Double pairShare;

    @Option(names = "--narrowband", split = ",", paramLabel = "ONSET,OFFSET", description = "speech thresholds for "
            + "telephone-band recordings; 0,0 = none (default: the tuned ones)")
    List<Double> narrowband;

    @Option(names = "--narrowband-mirror", paramLabel = "DB", description = "with the telephone-band case, the "
            + "segmentation model hears a call plus its mirror image above 4 kHz this many dB down; 0 = the call as it "
            + "is (default: the tuned one)")
    Double narrowbandMirror;

    @Option(names = "--hop", description = "segmentation window step, s (default: the tuned one)")
    Double hop;

    @Option(names = "--vad-gate", description = "silence segmentation frames outside Silero VAD speech (default: off)")
    boolean vadGate;

    @Option(names = "--utterances", paramLabel = "S", description = "utterances ended by S s of silence (the "
            + "shipped evidence, 0.15 s); 0: segmentation windows (overlap-aware) with their own tuned clustering")
    Double utterances;

    @Option(names = "--utterances-alone", description = "utterances without the segmentation windows that add "
            + "overlapped speakers and the speech the VAD missed (the shipped evidence has both)")
    boolean utterancesAlone;

    @Option(names = "--refine", paramLabel = "N", description = "centroid-reassignment passes after the clustering's cut "
            + "(default: the shipped one)")
    Integer refine;

    @Option(names = "--max-direct", paramLabel = "N", description = "most embeddings clustered in one pass (AHC keeps "
            + "N x N distances); more run in stages, and past N utterances a long recording takes the segmentation "
            + "windows alone (default: the shipped one)")
    Integer maxDirect;

    @Option(names = "--max-clip", description = "longest clip per (window, speaker) embedding, s (default: the tuned one)")
    Double maxClip;

    @Option(names = "--embedder", description = "speaker-embedding provider (default: first available)")
    String embedder;

    @Option(names = "--clustering", description = "ahc, spectral, plda, ahc_spectral or vbx (default: the tuned one)")
    String clustering;

    @Option(names = "--threads", description = "segmentation (ONNX Runtime) threads; 0 = one per core "
            + "(default ${DEFAULT-VALUE}); the embedder uses OMP_NUM_THREADS (the launcher sets 1)")
    int threads;

    @Option(names = "--speaker-model", paramLabel = "DIR", split = ",", description = "use the project speaker model in "
            + "this training output folder (model.json + model.pt) instead of the committed one; several folders: "
            + "the models heard together (EnsembleSpeakerEmbedder: embeddings joined, cosines averaged)")
    List<Path> speakerModel;

    @Option(names = "--scores-out", paramLabel = "FILE", description = "write the shipped settings' DER components "
            + "per recording of every test set (JSON), for a later run's --paired-with")
    Path scoresOut;

    @Option(names = "--paired-with", paramLabel = "FILE", description = "a --scores-out of an earlier run on the same "
            + "recordings (e.g. another --speaker-model): print this run's DER minus that one's per set, with a paired "
            + "bootstrap interval over the recordings")
    Path pairedWith;

    private final RecordedScores recorded = new RecordedScores();
    private RecordedScores earlier;

    @Option(names = "--evidence-cache", paramLabel = "DIR", description = "keep each recording's segmentation and "
            + "embedding evidence here (keyed by model and settings) and reuse it: clustering studies without "
            + "running the models again; the speed figures are then those of the run that filled the cache")
    Path evidenceCache;

    @Option(names = "--tune-speaker-model", paramLabel = "DIR", split = ",", description = "tune with this project speaker model "
            + "(one trained without the --tune-speakers, e.g. train speaker --exclude-speakers), so thresholds are "
            + "chosen on voices the embedding has never heard, as the test speakers are; the tests use the main model; "
            + "several folders: the models heard together")
    List<Path> tuneSpeakerModel;

    @Option(names = "--tune-speakers", split = ",", paramLabel = "ID", description = "build the tuning meetings "
            + "only from these speakers (default: every non-held-out speaker)")
    List<String> tuneSpeakers;

    @Option(names = "--tune-corpora", split = ",", paramLabel = "NAME", description = "tune on meetings of these whole "
            + "corpora (2-6 voices with acted emotions, and calls of two of them through the telephone channel) plus AMI "
            + "trn*: with --tune-speaker-model trained with them held out (train speaker --hold-out-corpora), the tuning "
            + "recordings are in the test sets' condition, voices of corpora the network never heard")
    List<String> tuneCorpora;

    @Option(names = "--tune-heldout", description = "tune on meetings of the project's 17 held-out speakers (voices "
            + "the shipped embedding never heard, none of them in the leave-corpus-out or AMI dev test sets), clean and "
            + "through the telephone channel, plus AMI trn*: the tuning for a model trained with whole corpora held out")
    boolean tuneHeldOut;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (longSamples != null && longSamples.stream().anyMatch(m -> m < 0 || m > 5000)) {
            System.err.println("bench diarization: --long-samples in 0..5000");
            return 2;
        }
        if (meetings < 0 || tune < 0 || lcoMeetings < 0 || calls < 0 || !(duration > 5) || longMinutes < 0) {
            System.err.println("bench diarization: --meetings/--tune/--lco-meetings/--calls >= 0, --duration > 5, "
                    + "--long-minutes >= 0");
            return 2;
        }
        if (utterances != null && utterances != 0 && !io.emotrace.vad.UtteranceSegmenter.isMinSilence(utterances)) {
            System.err.println("bench diarization: --utterances 0 (segmentation) or 0.032..2 s");
            return 2;
        }
        DiarizationSettings settings = utterances == null ? DiarizationSettings.defaults()
                : utterances == 0 ? DiarizationSettings.defaults().windowsAlone()
                : DiarizationSettings.defaults().withUtteranceEvidence(utterances);
        if (utterancesAlone) {
            settings = settings.withSegmentationOverlap(false);
        }
        if (linkOverlap != null) {
            settings = settings.withClustering(settings.clustering().withLinkOverlap(linkOverlap));
        }
        if (apartMerge != null) {
            settings = settings.withClustering(settings.clustering().withApartMerge(apartMerge));
        }
        if (threshold != null) { // a threshold asked for holds on long recordings too
            settings = settings.withClustering(settings.clustering().withThreshold(threshold).withLongThreshold(0));
        }
        if (centre != null) {
            settings = settings.withClustering(settings.clustering().withCentreShare(centre));
        }
        if (impostorSigmas != null) {
            settings = settings.withClustering(settings.clustering().withImpostorSigmas(impostorSigmas));
        }
        if (speechThreshold != null) {
            settings = settings.withSpeechThreshold(speechThreshold);
        }
        if (vadGate) {
            settings = settings.withVadGate(true);
        }
        if (narrowband != null) {
            if (narrowband.size() != 2) {
                System.err.println("bench diarization: --narrowband takes ONSET,OFFSET");
                return 2;
            }
            settings = settings.withNarrowband(narrowband.get(0), narrowband.get(1));
        }
        if (narrowbandMirror != null) {
            if (!(narrowbandMirror <= 0 && narrowbandMirror >= -60)) {
                System.err.println("bench diarization: --narrowband-mirror takes a level from -60 to 0 dB");
                return 2;
            }
            settings = settings.withNarrowbandMirror(narrowbandMirror);
        }
        if (pairShare != null) {
            settings = settings.withPairShare(pairShare);
        }
        if (hop != null) {
            settings = settings.withHop(hop);
        }
        if (maxClip != null) {
            settings = settings.withMaxClipSeconds(maxClip);
        }
        if (refine != null) {
            if (refine < 0 || refine > 100) {
                System.err.println("bench diarization: --refine in 0..100");
                return 2;
            }
            settings = settings.withClustering(settings.clustering().withRefineIterations(refine));
        }
        if (maxDirect != null) {
            if (maxDirect < 4 || maxDirect > 20_000) {
                System.err.println("bench diarization: --max-direct in 4..20000");
                return 2;
            }
            settings = settings.withClustering(settings.clustering().withMaxDirect(maxDirect));
        }
        if (clustering != null) {
            try {
                settings = settings.withClustering(settings.clustering().withMethod(
                        ClusteringSettings.Method.valueOf(clustering.toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                System.err.println("bench diarization: --clustering must be ahc, spectral, plda, ahc_spectral or vbx");
                return 2;
            }
        }
        if (confidence && tuneSpeakerModel != null || confidenceOut != null && (!confidence || tune == 0)) {
            System.err.println("bench diarization: --confidence fits on the tuning sets of the benched model itself (not "
                    + "with --tune-speaker-model); --confidence-out needs --confidence and --tune");
            return 2;
        }
        if (tuneCorpora != null && tuneCorpora.stream().anyMatch(c -> LCO_EMOTIONAL.contains(c)
                || c.equals("phone-alphanumeric"))) {
            System.err.println("bench diarization: --tune-corpora must not name a test set's corpus ("
                    + String.join(", ", LCO_EMOTIONAL) + ", phone-alphanumeric)");
            return 2;
        }
        if (tuneSpeakers != null && HELD_OUT.stream().anyMatch(tuneSpeakers::contains)) {
            System.err.println("bench diarization: --tune-speakers must not name held-out speakers");
            return 2;
        }
        try (SpeakerDiarizer d = diarizerFactory(settings, speakerModel).createDiarizer();
             SpeakerDiarizer tuneD = tuneSpeakerModel == null ? null
                     : diarizerFactory(settings, tuneSpeakerModel).createDiarizer()) {
            out.println("diarizer: " + d.describe());
            DiarizationBench bench = new DiarizationBench(d, out, cache(d, speakerModel, settings));
            DiarizationBench tuneBench = tuneD == null ? bench
                    : new DiarizationBench(tuneD, out, cache(tuneD, tuneSpeakerModel, settings));
            if (tuneD != null) {
                out.println("tuning diarizer: " + tuneD.describe());
            }
            if (countBands != null) {
                bench.countBands(countBands);
                tuneBench.countBands(countBands);
            }
            Variant main = new Variant("default", settings);
            Totals totals = new Totals();
            earlier = pairedWith == null ? null : RecordedScores.read(pairedWith);
            AmiSet amiSet = noAmi ? null : amiFiles(bench, totals, out);
            List<Variant> variants = List.of(main);
            AmiSet amiTuneSet = null;
            if (tune > 0) {
                AmiSet amiTune = amiSet == null || tuneBench == bench ? amiSet : amiFiles(tuneBench, null, out);
                amiTuneSet = amiTune;
                Variant pick = tune(tuneBench, settings, amiTune, out);
                out.println("selected on the tuning set (lowest mean DER of its sets, collar 0): " + pick.name());
                if (!pick.settings().equals(settings)) { // the shipped settings first: the targets are theirs
                    out.println("test sets: the shipped default first (targets), then the tuning pick (not shipped)");
                    variants = List.of(main, new Variant("tuning pick: " + pick.name(), pick.settings()));
                }
            }
            if (amiSet != null) {
                ami(bench, amiSet, variants, totals, out);
            }
            if (lcoMeetings > 0) {
                MeetingConfig c = TuningMeetings.lcoEmotional(lcoMeetings, seed, duration);
                List<BenchFile> lco = simulate(bench, cacheKey("lco-emotional", c), c, x -> x, totals, out);
                confidenceSets.put("lco-emotional", lco);
                out.println();
                out.println("leave-corpus-out emotional meetings (" + String.join(", ", LCO_EMOTIONAL) + ": corpora and "
                        + "languages absent from embedding training; 2-6 speakers, every turn drawn from the corpus's "
                        + "acted emotions, 15 % overlapped turns, pink noise 20 dB, levels +-3 dB):");
                scoreWithTarget(bench, "lco-emotional", lco, variants, 0.15, 0.70, totals, out);
            }
            if (calls > 0) {
                MeetingConfig c = TuningMeetings.testCalls(calls, seed, duration);
                List<BenchFile> phone = simulate(bench, cacheKey("telephone", c), c, TelephoneChannel::apply, totals, out);
                confidenceSets.put("telephone", phone);
                out.println();
                out.println("telephone-like two-party calls (phone-alphanumeric speakers, a corpus held out of embedding "
                        + "training; 300-3400 Hz band, G.711 mu-law, pink noise 25 dB, 10 % overlapped turns):");
                scoreWithTarget(bench, "telephone", phone, variants, 0.10, -1, totals, out);
            }
            if (meetings > 0) {
                List<BenchFile> sims = simulate(bench, HELD_OUT, Set.of(), meetings, seed, totals, out);
                out.println();
                out.println("simulated meetings of held-out speakers (1-8 speakers, overlap, pink noise 20 dB, "
                        + "levels +-3 dB)" + (tuneHeldOut && tune > 0 ? " -- the TUNING speakers in this run, not a test set:" : ":"));
                bench.header();
                SetScore s = bench.score("sim-heldout", sims, variants.get(0), null);
                bench.print(s);
                bench.print(bench.baseline("sim-heldout", sims, null));
                perFile(out, sims, s);
                totals.cluster += s.clusteringSeconds();
            }
            if (confidence) {
                confidenceStudy(bench, amiTuneSet, main, d.attributionCalibration(), out);
            }
            if (totals.audio > 0) {
                printSpeed(out, totals);
            }
            if (scoresOut != null) {
                recorded.write(scoresOut);
                out.println("per-recording scores of the shipped settings written: " + scoresOut);
            }
            if (longMinutes > 0) {
                longRun(bench, d, variants.get(0), out);
            }
        } catch (EmotraceException e) {
            System.err.println("bench diarization: error " + e.describe());
            return 1;
        } catch (IOException e) {
            System.err.println("bench diarization: error " + e);
            return 1;
        }
        return 0;
    }

    /**
     * The turn confidence on every set kept: fitted on the tuning sets (with --tune), then each set judged by that fit
     * and by the speaker model's shipped calibration. Tuning sets are in-sample for the fit; the test sets are not.
     */
    private void confidenceStudy(DiarizationBench bench, AmiSet amiTune, Variant v, AttributionCalibration shipped,
            PrintStream out) throws IOException {
        if (amiTune != null) {
            confidenceSets.put("tune-ami-trn00..09", amiTune.trn());
        }
        out.println();
        out.println("turn confidence (right = the voice's mapped reference speaker talks; frames with reference speech):");
        AttributionCalibration fitted = null;
        if (tune > 0) {
            List<ConfidenceStudy.Sample> samples = new ArrayList<>();
            for (var e : confidenceSets.entrySet()) {
                if (e.getKey().startsWith("tune-")) {
                    for (BenchFile f : e.getValue()) {
                        samples.addAll(ConfidenceStudy.samples(f, v, bench.plda()));
                    }
                }
            }
            double[] w = ConfidenceStudy.fit(samples);
            out.println("  fitted on " + samples.size() + " assignments of the tuning sets: weights (bias, own, nearest "
                    + "other, log seconds, voice share, voice separation, one voice, track) "
                    + java.util.Arrays.toString(w));
            fitted = new AttributionCalibration(w, v.settings().clustering().toString(), bench.weightsDigest(),
                    "bench diarization --confidence --tune " + tune + (tuneHeldOut ? " --tune-heldout" : "")
                            + " (seed " + seed + "): fitted on " + samples.size() + " assignments of "
                            + confidenceSets.keySet().stream().filter(k -> k.startsWith("tune-")).toList());
            if (confidenceOut != null) {
                fitted.write(confidenceOut);
                out.println("  written: " + confidenceOut);
            }
        }
        for (AttributionCalibration cal : new AttributionCalibration[] {fitted, shipped}) {
            if (cal == null) {
                continue;
            }
            out.println(cal == fitted ? " with the calibration fitted now:" : " with the speaker model's calibration:");
            for (var e : confidenceSets.entrySet()) {
                List<ConfidenceStudy.TurnSample> turns = new ArrayList<>();
                for (BenchFile f : e.getValue()) {
                    turns.addAll(ConfidenceStudy.turns(f, v, bench.plda(), cal));
                }
                ConfidenceStudy.report(out, e.getKey(), turns);
            }
        }
        if (fitted == null && shipped == null) {
            out.println("  no calibration: the speaker model has none and no --tune set to fit one");
        }
    }

    private SpeakerDiarizerFactory diarizerFactory(DiarizationSettings settings, List<Path> modelDir) {
        SpeakerDiarizerFactory f = modelDir == null ? new SpeakerDiarizerFactory(settings, SpeakerCount.AUTO, embedder, null)
                : new SpeakerDiarizerFactory(settings, SpeakerCount.AUTO, DirectorySpeakerEmbedderFactory.NAME,
                        List.of(new DirectorySpeakerEmbedderFactory(modelDir)));
        return f.segmentationThreads(threads);
    }

    /** The evidence cache for one diarizer (keyed by its description, weights and non-clustering settings). */
    private EvidenceCache cache(SpeakerDiarizer d, List<Path> modelDir, DiarizationSettings settings) throws IOException {
        if (evidenceCache == null) {
            return null;
        }
        DiarizationSettings evidenceSettings = settings.withOutsideMinSeconds(0) // resolution only, not evidence
                .withSwitchMinSeconds(Double.POSITIVE_INFINITY);
        return new EvidenceCache(evidenceCache, d.describeEvidence() + "\n" + modelHash(modelDir) + "\n"
                + evidenceSettings.toString().replace(settings.clustering().toString(), "clustering"));
    }

    /** SHA-256 of the embedding weights in use (cache key): a model folder's or the committed ones. */
    private String modelHash(List<Path> modelDirs) throws IOException {
        if (modelDirs != null) {
            StringBuilder h = new StringBuilder();
            for (Path dir : modelDirs) {
                h.append(h.length() == 0 ? "" : "+").append(EvidenceCache.sha256(Files.readAllBytes(dir.resolve(
                        io.emotrace.diarization.embedding.SpeakerModelFiles.WEIGHTS))));
            }
            return h.toString();
        }
        try (var in = getClass().getClassLoader().getResourceAsStream(
                io.emotrace.diarization.embedding.SpeakerModelFiles.CLASSPATH_DIR
                        + io.emotrace.diarization.embedding.SpeakerModelFiles.WEIGHTS)) {
            return in == null ? "none" : EvidenceCache.sha256(in.readAllBytes());
        }
    }

    private static void printSpeed(PrintStream out, Totals totals) {
            out.println();
            out.printf(Locale.ROOT, "speed: %.1f s of audio in %.1f s (vad %.1f, segmentation %.1f, embeddings %.1f "
                            + "[%.0f s of clips], clustering %.2f): real-time factor %.4f on %d cores%n",
                    totals.audio, totals.total(), totals.vad, totals.seg, totals.emb, totals.clipAudio,
                    totals.cluster, totals.total() / Math.max(1e-9, totals.audio),
                    Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "cpu: %.1f s of process CPU time for the models (%.4f CPU-seconds per second of "
                            + "audio; wall time above is inflated when other processes share the cores)%n",
                    totals.cpu, totals.cpu / Math.max(1e-9, totals.audio));
    }

    /** Wall time of the stages over every analysed file. */
    static final class Totals {
        double audio;
        double vad;
        double seg;
        double emb;
        double clipAudio;
        double cluster;
        double cpu;

        void add(BenchFile f) {
            cpu += f.cpuSeconds();
            audio += f.seconds();
            vad += f.vadSeconds();
            seg += f.evidence().chainSegmentationSeconds(); // utterances and their windows
            emb += f.evidence().chainEmbeddingSeconds();
            clipAudio += f.evidence().chainEmbeddedAudioSeconds();
        }

        double total() {
            return vad + seg + emb + cluster;
        }
    }

    /** The analysed AMI excerpts with their scoring regions. */
    record AmiSet(List<BenchFile> all, List<UemSegment> uem) {
        List<BenchFile> dev() {
            return all.stream().filter(f -> f.id().startsWith("dev")).toList();
        }

        List<BenchFile> trn() {
            return all.stream().filter(f -> f.id().startsWith("trn")).toList();
        }
    }

    private AmiSet amiFiles(DiarizationBench bench, Totals totals, PrintStream out)
            throws EmotraceException, IOException {
        Path dir = SharedData.root().resolve("data/ami-dev");
        if (!Files.isRegularFile(dir.resolve("reference.rttm"))) {
            out.println("AMI: skipped, " + dir + " not found (set EMOTRACE_SHARED)");
            return null;
        }
        List<RttmTurn> ref = RttmReader.read(dir.resolve("reference.rttm"));
        List<UemSegment> uem = UemReader.read(dir.resolve("reference.uem"));
        TreeMap<String, List<RttmTurn>> byFile = new TreeMap<>();
        for (UemSegment u : uem) {
            byFile.put(u.fileId(), new ArrayList<>());
        }
        for (RttmTurn t : ref) {
            byFile.computeIfAbsent(t.fileId(), k -> new ArrayList<>()).add(t);
        }
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        List<BenchFile> all = new ArrayList<>();
        for (var e : byFile.entrySet()) {
            BenchFile f = bench.cachedOrAnalysed("ami-dev/" + e.getKey(), () -> {
                float[] x = decoder.decodeAll(dir.resolve(e.getKey() + ".flac"));
                return new DiarizationBench.Described(
                        bench.analyse(e.getKey(), new ArrayAudioSource(x), e.getValue()), e.getKey());
            }).file();
            all.add(f);
            if (totals != null) {
                totals.add(f);
            }
        }
        return new AmiSet(all, uem);
    }

    private void ami(DiarizationBench bench, AmiSet set, List<Variant> variants, Totals totals, PrintStream out) {
        List<BenchFile> all = set.all();
        List<BenchFile> dev = set.dev();
        List<BenchFile> trn = set.trn();
        confidenceSets.put("ami-dev00+dev01", dev);
        List<UemSegment> uem = set.uem();
        out.println();
        out.println("AMI excerpts (reference.uem; dev00+dev01 speakers are held out of embedding training):");
        bench.header();
        SetScore shipped = null;
        SetScore base = null;
        List<SetScore> others = new ArrayList<>();
        for (Variant v : variants) {
            SetScore s = bench.score("ami-all12", all, v, uem);
            bench.print(s);
            bench.print(bench.score("ami-dev00+dev01", dev, v, uem));
            bench.print(bench.score("ami-trn00..09", trn, v, uem));
            totals.cluster += s.clusteringSeconds();
            if (v == variants.get(0)) {
                shipped = s;
                base = bench.baseline("ami-all12", all, uem);
                bench.print(base);
                bench.print(bench.baseline("ami-dev00+dev01", dev, uem));
                bench.print(bench.score("ami-dev00+dev01", dev, v, uem, true));
                bench.print(bench.referenceLabels("ami-dev00+dev01", dev, v, uem));
                bench.print(bench.referenceLabels("ami-trn00..09", trn, v, uem));
                perFile(out, all, s);
            } else {
                others.add(s);
            }
        }
        intervals(out, "ami-all12", shipped, base, others); // over all 12: two dev recordings alone would bound nothing
    }

    private static void perFile(PrintStream out, List<BenchFile> files, SetScore s) {
        StringBuilder b = new StringBuilder("  per file (DER collar 0, ref/hyp speakers):");
        int i = 0;
        for (FileScore f : s.collar0().files()) {
            b.append(String.format(Locale.ROOT, "%s %s %.1f%% %d/%d", i++ % 4 == 0 ? "\n   " : " |", f.fileId(),
                    100 * f.der().der(), f.refSpeakers().size(), f.hypSpeakers().size()));
        }
        out.println(b);
    }

    /**
     * The set's spread over its recordings (bootstrap, collar 0): the shipped DER's interval, and paired differences
     * against the one-speaker baseline and any tuning pick, so a gap can be read against what the set can show.
     */
    private SetIntervals intervals(PrintStream out, String set, SetScore shipped, SetScore base, List<SetScore> others) {
        List<DerComponents> s = perFileDer(shipped, shipped);
        SetIntervals i = new SetIntervals(DerBootstrap.der(s, INTERVAL_SEED),
                DerBootstrap.difference(s, perFileDer(base, shipped), INTERVAL_SEED));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "  over its %d recordings (%d bootstrap resamples): DER %s; against one speaker %s", s.size(),
                BootstrapInterval.REPLICATES, i.der().percent(), i.againstOneSpeaker().points()));
        for (SetScore o : others) {
            b.append("; ").append(o.variant()).append(" against it ")
                    .append(DerBootstrap.difference(perFileDer(o, shipped), s, INTERVAL_SEED).points());
        }
        recorded.put(set, shipped);
        if (earlier != null) {
            List<DerComponents> e = earlier.aligned(set, shipped);
            b.append("; against the --paired-with run ").append(e == null ? "not paired (other recordings)"
                    : DerBootstrap.difference(s, e, INTERVAL_SEED).points());
        }
        out.println(b);
        return i;
    }

    /** The shipped settings' DER interval on a set and its paired difference against one speaker. */
    private record SetIntervals(BootstrapInterval der, BootstrapInterval againstOneSpeaker) {
    }

    /** One seed for every interval: reruns print the same bounds, and sets of equal size share their draws. */
    static final long INTERVAL_SEED = 2026;

    /** {@code score}'s collar-0 components per recording, in the order of {@code order}'s files. */
    private static List<DerComponents> perFileDer(SetScore score, SetScore order) {
        Map<String, DerComponents> byId = new java.util.HashMap<>();
        for (FileScore f : score.collar0().files()) {
            byId.put(f.fileId(), f.der());
        }
        List<DerComponents> out = new java.util.ArrayList<>();
        for (FileScore f : order.collar0().files()) {
            DerComponents d = byId.get(f.fileId());
            if (d == null) {
                throw new IllegalStateException("recording " + f.fileId() + " missing from " + score.variant());
            }
            out.add(d);
        }
        return out;
    }

    /** The emotional corpora held out of the shipped embedding's training as whole corpora. */
    static final List<String> LCO_EMOTIONAL = TuningMeetings.LCO_EMOTIONAL;

    /**
     * Scores a set with its one-speaker baseline and prints whether the issue's targets hold for the first of
     * {@code variants} (the shipped settings); the others (a tuning pick) are printed beside it.
     */
    private void scoreWithTarget(DiarizationBench bench, String name, List<BenchFile> files, List<Variant> variants,
            double maxDer, double minCount, Totals totals, PrintStream out) {
        bench.header();
        Variant v = variants.get(0);
        SetScore s = bench.score(name, files, v, null);
        SetScore base = bench.baseline(name, files, null);
        bench.print(s);
        List<SetScore> others = new java.util.ArrayList<>();
        for (Variant other : variants.subList(1, variants.size())) {
            SetScore o = bench.score(name, files, other, null);
            bench.print(o);
            others.add(o);
        }
        bench.print(base);
        bench.print(bench.score(name, files, v, null, true));
        bench.print(bench.referenceLabels(name, files, v, null));
        perFile(out, files, s);
        SetIntervals spread = intervals(out, name, s, base, others);
        totals.cluster += s.clusteringSeconds();
        double der = s.collar0().total().der();
        boolean derOk = der <= maxDer;
        boolean countOk = minCount < 0 || s.countAccuracy() >= minCount;
        boolean baseOk = der <= base.collar0().total().der();
        out.printf(Locale.ROOT, "  target %s: DER <= %.0f %%%s, not worse than one speaker: DER %.1f %% (%s, %s), count %.0f %%%s, "
                        + "baseline %.1f %% (%s, %s)%n", name, 100 * maxDer,
                minCount < 0 ? "" : String.format(Locale.ROOT, ", exact count >= %.0f %%", 100 * minCount), 100 * der,
                derOk ? "met" : "NOT met", beyondSpread(spread.der(), maxDer), 100 * s.countAccuracy(),
                minCount < 0 ? "" : countOk ? " (met)" : " (NOT met)", 100 * base.collar0().total().der(),
                baseOk ? "met" : "NOT met", beyondSpread(spread.againstOneSpeaker(), 0));
    }

    /** Whether the set's recordings show the verdict: its 95 % interval lies on one side of the bound. */
    static String beyondSpread(BootstrapInterval ci, double bound) {
        return ci.high() <= bound ? "below it beyond the set's spread" : ci.low() > bound
                ? "above it beyond the set's spread" : "within the set's spread";
    }

    private List<BenchFile> simulate(DiarizationBench bench, Set<String> only, Set<String> exclude, int n, long seed,
                                     Totals totals, PrintStream out) throws EmotraceException, IOException {
        String key = String.format(Locale.ROOT, "sim only=%s exclude=%s seed=%d duration=%s",
                new java.util.TreeSet<>(only), new java.util.TreeSet<>(exclude), seed, duration);
        return simulate(bench, key, config(only, exclude, n, seed), x -> x, totals, out);
    }

    /**
     * Simulates {@code config.count()} meetings, passes each mix through {@code channel} (e.g. a telephone line)
     * and analyses it; {@code setKey} names the set in the evidence cache, so it must change with the config
     * ({@link #cacheKey}).
     */
    /** An evidence-cache key for a named set simulated with {@code config}. */
    private static String cacheKey(String name, MeetingConfig config) {
        return name + " " + config.describe();
    }

    private List<BenchFile> simulate(DiarizationBench bench, String setKey, MeetingConfig config,
            java.util.function.UnaryOperator<float[]> channel, Totals totals, PrintStream out)
            throws EmotraceException, IOException {
        MeetingSimulator[] sim = {null}; // built only when a meeting is not in the evidence cache
        List<BenchFile> files = new ArrayList<>();
        for (int i = 0; i < config.count(); i++) {
            String key = setKey + " #" + i;
            int index = i;
            DiarizationBench.Described d = bench.cachedOrAnalysed(key, () -> {
                if (sim[0] == null) {
                    sim[0] = MeetingSimulator.create(config);
                }
                SimulatedMeeting m = sim[0].simulate(index);
                return new DiarizationBench.Described(
                        bench.analyse(m.id(), new ArrayAudioSource(channel.apply(m.audio())), MeetingWriter.referenceTurns(m)),
                        String.format(Locale.ROOT, "%s %5.1f s, %d speakers (%s)", m.id(), m.durationSeconds(),
                                m.speakers().size(), String.join(",", m.speakers())));
            });
            files.add(d.file());
            if (totals != null) {
                totals.add(d.file());
            }
            out.println("  " + d.note());
        }
        return files;
    }

    private MeetingConfig config(Set<String> only, Set<String> exclude, int n, long s) {
        return TuningMeetings.meetings(only, exclude, n, s, duration);
    }

    /**
     * Thresholds and variants are chosen here, never on the test sets: simulated meetings of NON-held-out speakers
     * and the AMI trn* excerpts; returns the variant with the lowest mean of the two DERs (collar 0).
     */
    private Variant tune(DiarizationBench bench, DiarizationSettings base, AmiSet ami, PrintStream out)
            throws EmotraceException, IOException {
        Set<String> only = tuneSpeakers == null ? Set.of() : Set.copyOf(tuneSpeakers);
        List<BenchFile> files;
        List<BenchFile> phone = List.of();
        if (tuneOnCorpora()) {
            out.println("tuning set: " + tune + " meetings of whole corpora " + tuneCorpora + ", the same number of calls "
                    + "through the telephone channel" + (ami == null ? "" : " + AMI trn00..09"));
            MeetingConfig mc = TuningMeetings.lcoTuning(tuneCorpora, tune, seed, duration);
            files = simulate(bench, cacheKey("tune-corpora", mc), mc, x -> x, null, out);
            confidenceSets.put(tuneSimSet(), files);
            MeetingConfig pc = TuningMeetings.lcoTuningTelephone(tuneCorpora, tune, seed, duration);
            phone = simulate(bench, cacheKey("tune-corpora-telephone", pc), pc, TelephoneChannel::apply, null, out);
            confidenceSets.put(tunePhoneSet(), phone);
        } else if (tuneHeldOut) {
            out.println("tuning set: " + tune + " meetings of the held-out speakers, the same number through the "
                    + "telephone channel (seed " + (seed + 1) + ")" + (ami == null ? "" : " + AMI trn00..09"));
            files = simulate(bench, HELD_OUT, Set.of(), tune, seed + 1, null, out);
            confidenceSets.put(tuneSimSet(), files);
            MeetingConfig pc = TuningMeetings.heldOutTelephone(tune, seed, duration);
            phone = simulate(bench, cacheKey("tune-telephone", pc), pc, TelephoneChannel::apply, null, out);
            confidenceSets.put(tunePhoneSet(), phone);
        } else {
            out.println("tuning set: " + tune + " meetings of NON-held-out speakers" + (only.isEmpty() ? ""
                    : " " + new java.util.TreeSet<>(only)) + " (seed " + (seed + 1) + ")"
                    + (ami == null ? "" : " + AMI trn00..09"));
            files = simulate(bench, only, HELD_OUT, tune, seed + 1, null, out);
            confidenceSets.put(tuneSimSet(), files);
        }
        List<Variant> vs = new ArrayList<>();
        var c = base.clustering();
        var ahc = c.withMethod(ClusteringSettings.Method.AHC).withCentreShare(0); // the grid below: uncentred
        vs.add(new Variant("default (" + c.method() + ", threshold " + c.threshold() + ", folding + reassignment)",
                base)); // first, so a tie keeps the default
        if (c.method() == ClusteringSettings.Method.AHC) { // the count by silhouette among the threshold's neighbours
            for (double band : new double[] {0.05, 0.10, 0.15, 0.20, 0.30}) {
                vs.add(new Variant(String.format(Locale.ROOT, "default, count by silhouette within +-%.2f", band),
                        base.withClustering(c.withSilhouetteBand(band))));
            }
        }
        if (base.segmentationOverlap()) { // the windows' speech outside utterances: all of it, longer stretches, none
            for (double m : new double[] {0.25, 0.5, 1.0, 2.0, Double.POSITIVE_INFINITY}) {
                vs.add(new Variant(String.format(Locale.ROOT, "default, windows outside utterances >= %.2f s", m),
                        base.withOutsideMinSeconds(m)));
            }
            for (double t : new double[] {0, 0.05, 0.1, 0.15, 0.2, 0.3}) { // utterance edges the windows hear silent
                if (t != base.edgeTrimSeconds()) {
                    vs.add(new Variant(String.format(Locale.ROOT, "default, silent utterance edges trimmed <= %.2f s", t),
                            base.withEdgeTrimSeconds(t)));
                }
            }
            for (double g : new double[] {0.25, 0.5, 0.75, 1.0}) { // a voice's pauses bridged
                vs.add(new Variant(String.format(Locale.ROOT, "default, same-voice gaps <= %.2f s filled", g),
                        base.withMinGapSeconds(g)));
            }
            for (double m : new double[] {0.5, 1.0, 1.5, 3.0}) { // an utterance that holds two people
                vs.add(new Variant(String.format(Locale.ROOT, "default, windows' other voice inside >= %.1f s", m),
                        base.withSwitchMinSeconds(m)));
            }
        }
        vs.add(new Variant("AHC only (no folding, no reassignment)",
                base.withClustering(ahc.withMinClusterSeconds(0).withRefineIterations(0))));
        vs.add(new Variant("AHC + small-cluster folding",
                base.withClustering(ahc.withRefineIterations(0))));
        for (double keep : new double[] {0.1, 0.25, 0.5}) {
            vs.add(new Variant(String.format(Locale.ROOT, "spectral keep %.2f + folding + reassignment", keep),
                    base.withClustering(c.withMethod(ClusteringSettings.Method.SPECTRAL).withSpectralKeep(keep))));
        }
        for (double t = 0.3; t <= 0.901; t += 0.05) {
            for (double shape : new double[] {-1, 0.5}) {
                for (double share : new double[] {1.0, 0.05}) {
                    for (boolean cl : new boolean[] {false, true}) {
                        vs.add(new Variant(String.format(Locale.ROOT, "AHC t %.2f%s%s%s", t,
                                shape < 0 ? "" : String.format(Locale.ROOT, ", shape >= %.1f s", shape),
                                share >= 1 ? "" : String.format(Locale.ROOT, ", fold < %.0f %%", 100 * share),
                                cl ? ", cannot-link" : ""),
                                base.withClustering(ahc.withThreshold(t).withShapeSeconds(shape)
                                        .withMinClusterShare(share).withCannotLink(cl))));
                    }
                }
            }
        }
        for (double centre : new double[] {0.15, 0.25, 0.35, 0.5, 0.65}) {
            // centring more of the shared voice away spreads the distances: the grid reaches past 1 for it
            for (double t = 0.5; t <= (centre >= 0.5 ? 1.151 : 0.951); t += 0.05) {
                vs.add(new Variant(String.format(Locale.ROOT, "AHC t %.2f, cannot-link, centred %.2f", t, centre),
                        base.withClustering(ahc.withThreshold(t).withCannotLink(true).withCentreShare(centre))));
            }
        }
        for (double t : new double[] {0.6, 0.65, 0.7, 0.75, 0.8}) {
            for (double apart = t + 0.05; apart <= 0.951; apart += 0.05) {
                vs.add(new Variant(String.format(Locale.ROOT, "AHC t %.2f count, apart < %.2f, spectral 0.50", t, apart),
                        base.withClustering(c.withMethod(ClusteringSettings.Method.AHC_SPECTRAL).withThreshold(t)
                                .withSpectralKeep(0.5).withApartMerge(apart))));
            }
        }
        for (double keep : new double[] {0.25, 0.5}) {
            for (double t = 0.5; t <= 0.951; t += 0.05) {
                vs.add(new Variant(String.format(Locale.ROOT, "AHC t %.2f count, spectral keep %.2f, centred", t, keep),
                        base.withClustering(c.withMethod(ClusteringSettings.Method.AHC_SPECTRAL).withThreshold(t)
                                .withSpectralKeep(keep))));
            }
        }
        for (double t : new double[] {0.5, 0.55, 0.6, 0.65}) {
            for (double apart = t + 0.05; apart <= 0.951; apart += 0.05) {
                vs.add(new Variant(String.format(Locale.ROOT, "AHC t %.2f, cannot-link, apart < %.2f", t, apart),
                        base.withClustering(ahc.withThreshold(t).withCannotLink(true).withApartMerge(apart))));
            }
        }
        for (double link : new double[] {0.5, 0.7, 0.85}) {
            for (double t = 0.3; t <= 0.901; t += 0.05) {
                vs.add(new Variant(String.format(Locale.ROOT, "AHC t %.2f, cannot-link, linked windows >= %.2f", t, link),
                        base.withClustering(ahc.withThreshold(t).withCannotLink(true).withLinkOverlap(link))));
            }
        }
        if (bench.plda() != null) {
            for (double t : new double[] {-10, -5, 0, 5, 10, 20}) {
                for (double perSecond : new double[] {0.05, 0.1, 0.2, 0.4}) {
                    vs.add(new Variant(String.format(Locale.ROOT, "PLDA merge above %.0f, %.2f obs/s", t, perSecond),
                            base.withClustering(c.withMethod(ClusteringSettings.Method.PLDA).withPlda(t, perSecond))));
                }
            }
        }
        if (bench.plda() != null) {
            for (double t : new double[] {0.4, 0.5, 0.6, 0.75}) {
                for (double fa : new double[] {0.02, 0.07, 0.2, 0.5}) {
                    for (double fb : new double[] {0.3, 0.8, 2, 6}) {
                        for (double centre : new double[] {0, 0.25}) {
                            vs.add(new Variant(String.format(Locale.ROOT, "VBx from AHC t %.2f, Fa %.2f, Fb %.1f, "
                                    + "cannot-link, centred %.2f", t, fa, fb, centre),
                                    base.withClustering(ahc.withMethod(ClusteringSettings.Method.VBX).withThreshold(t)
                                            .withVbx(fa, fb).withCannotLink(true).withCentreShare(centre))));
                        }
                    }
                }
            }
        }
        for (double k = 0.5; k <= 4.01; k += 0.5) {
            for (double share : new double[] {1.0, 0.05}) {
                vs.add(new Variant(String.format(Locale.ROOT, "AHC per-recording impostor median + %.1f sigma%s", k,
                        share >= 1 ? "" : String.format(Locale.ROOT, ", fold < %.0f %%", 100 * share)),
                        base.withClustering(ahc.withImpostorSigmas(k).withShapeSeconds(0.5).withMinClusterShare(share))));
            }
        }
        bench.header();
        Variant best = null;
        double bestDer = Double.POSITIVE_INFINITY;
        List<List<DerComponents>> bestSets = null;
        List<List<DerComponents>> shippedSets = null;
        for (Variant v : vs) {
            List<List<DerComponents>> sets = new ArrayList<>();
            double der = meanTuningDer(bench, files, phone, ami, v, false, sets);
            if (v.settings().equals(base)) {
                shippedSets = sets;
            }
            if (der < bestDer - 1e-9) {
                bestDer = der;
                best = v;
                bestSets = sets;
            }
        }
        out.println();
        if (shippedSets != null && best != null && !best.settings().equals(base)) {
            out.println("the pick against the shipped default on the tuning sets, mean DER (each set's recordings drawn "
                    + "on their own, " + BootstrapInterval.REPLICATES + " resamples): "
                    + DerBootstrap.meanDifference(bestSets, shippedSets, INTERVAL_SEED).points());
        }
        givenCountOnTuningSets(bench, files, phone, ami, c, base, out);
        return best;
    }

    /**
     * One variant on every tuning set (simulated meetings, their telephone copies when there are any, AMI trn* when
     * loaded), each row printed; the mean DER at collar 0. {@code countGiven}: each recording clustered into its
     * reference speaker count.
     */
    private double meanTuningDer(DiarizationBench bench, List<BenchFile> files, List<BenchFile> phone, AmiSet ami,
            Variant v, boolean countGiven) {
        return meanTuningDer(bench, files, phone, ami, v, countGiven, new ArrayList<>());
    }

    private boolean tuneOnCorpora() {
        return tuneCorpora != null && !tuneCorpora.isEmpty();
    }

    /** The tuning meetings' set name: whole corpora (--tune-corpora), held-out speakers, or the other speakers. */
    private String tuneSimSet() {
        return tuneOnCorpora() ? "tune-sim-corpora" : tuneHeldOut ? "tune-sim-heldout" : "tune-sim-nonheldout";
    }

    /** The tuning calls' set name (calls exist with --tune-corpora or --tune-heldout). */
    private String tunePhoneSet() {
        return tuneOnCorpora() ? "tune-telephone-corpora" : "tune-telephone-heldout";
    }

    /** The same, each set's collar-0 components per recording added to {@code perSet}. */
    private double meanTuningDer(DiarizationBench bench, List<BenchFile> files, List<BenchFile> phone, AmiSet ami,
            Variant v, boolean countGiven, List<List<DerComponents>> perSet) {
        List<SetScore> scores = new ArrayList<>();
        scores.add(bench.score(tuneSimSet(), files, v, null, countGiven));
        if (!phone.isEmpty()) {
            scores.add(bench.score(tunePhoneSet(), phone, v, null, countGiven));
        }
        if (ami != null) {
            scores.add(bench.score("tune-ami-trn00..09", ami.trn(), v, ami.uem(), countGiven));
        }
        double sum = 0;
        for (SetScore sc : scores) {
            bench.print(sc);
            sum += sc.collar0().total().der();
            perSet.add(perFileDer(sc, sc));
        }
        return sum / scores.size();
    }

    /**
     * When the user gives the speaker count (--speakers N), only the partition matters: the default AHC cut against
     * spectral partitions into that count, on the tuning sets only (each recording clustered into its reference count).
     */
    private void givenCountOnTuningSets(DiarizationBench bench, List<BenchFile> files, List<BenchFile> phone,
            AmiSet ami, ClusteringSettings c, DiarizationSettings base, PrintStream out) {
        out.println("speaker count given (each tuning recording clustered into its reference count): partition methods");
        bench.header();
        List<Variant> given = List.of(new Variant("AHC cut (default)", base),
                new Variant("spectral keep 0.25", base.withClustering(c.withMethod(ClusteringSettings.Method.AHC_SPECTRAL)
                        .withSpectralKeep(0.25))),
                new Variant("spectral keep 0.50", base.withClustering(c.withMethod(ClusteringSettings.Method.AHC_SPECTRAL)
                        .withSpectralKeep(0.5))));
        for (Variant v : given) {
            out.printf(Locale.ROOT, "  count given, %s: mean tuning DER %.2f %%%n", v.name(),
                    100 * meanTuningDer(bench, files, phone, ami, v, true));
        }
        out.println();
    }

    private static ScoreReport scoreLong(List<RttmTurn> ref, EvidenceResolver.Resolved r) {
        List<RttmTurn> hyp = new ArrayList<>();
        for (var t : r.result().overlapping()) {
            hyp.add(new RttmTurn("long", t.speaker(), t.start(), t.end()));
        }
        return DiarizationScorer.score(ref, hyp, null, 0.0);
    }

    /**
     * One long recording tiled from held-out meetings (speakers recur), written to WAV and read from the file. With
     * {@code --evidence-cache} its evidence is kept, so the clustering lines can be re-run in seconds; the speed and
     * memory lines are then those of the run that filled the cache (kept with the evidence and printed again).
     */
    private void longRun(DiarizationBench bench, SpeakerDiarizer d, Variant v, PrintStream out)
            throws EmotraceException, IOException {
        String key = String.format(Locale.ROOT, "long/%.3f/%d", longMinutes, seed);
        boolean[] analysed = {false};
        DiarizationBench.Described described = bench.cachedOrAnalysed(key, () -> {
            analysed[0] = true;
            return analyseLong(d, out);
        });
        BenchFile f = described.file();
        Evidence ev = f.evidence();
        List<RttmTurn> ref = f.reference();
        if (!analysed[0]) {
            out.println("long recording: evidence from the cache; the run that filled it printed:");
            out.print(described.note());
        }
        long t1 = System.nanoTime();
        DiarizationSettings vs = v.settings().equals(d.settings()) ? d.settingsFor(ev) : v.settings();
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, vs, SpeakerCount.AUTO, d.plda());
        double clusterSeconds = (System.nanoTime() - t1) / 1e9;
        out.printf(Locale.ROOT, "  after clustering: %s%n", ProcessMemory.now().describe());
        ScoreReport s = scoreLong(ref, r);
        int refSpk = f.referenceSpeakers();
        io.emotrace.domain.SpeakerCountRange range = EvidenceResolver.countRange(ev, vs,
                SpeakerCount.AUTO, d.plda(), r.speakerIds().size(), EvidenceResolver.COUNT_BAND);
        out.printf(Locale.ROOT, "long recording: count range (band %.2f): %d-%d, %s the reference count%n",
                EvidenceResolver.COUNT_BAND, range.fewest(), range.most(),
                range.covers(refSpk) ? "holds" : "misses");
        double wall = f.wallSeconds() + clusterSeconds;
        out.printf(Locale.ROOT, "long recording: %.1f min streamed from WAV, %d reference speakers -> %d found; "
                        + "DER %.2f%% (collar 0); wall %.1f s, real-time factor %.4f (seg %.1f, "
                        + "emb %.1f, clustering %.2f s; %d windows, %d embeddings)%n",
                f.seconds() / 60, refSpk, r.speakerIds().size(), 100 * s.total().der(), wall,
                wall / f.seconds(), ev.chainSegmentationSeconds(), ev.chainEmbeddingSeconds(),
                clusterSeconds, ev.windows(), ev.items().size());
        for (int m : longSamples == null ? List.<Integer>of() : longSamples) {
            printLongAlternative(out, m == 0 ? "the staged AHC's own clusters" : "spectral partition of " + m
                    + " embeddings", vs.withClustering(vs.clustering().withLongPartition(m, vs.clustering().longKeep())),
                    ev, ref, refSpk, d);
        }
        for (double t : longThresholds == null ? List.<Double>of() : longThresholds) {
            printLongAlternative(out, String.format(Locale.ROOT, "multi-stage threshold %.3f", t),
                    vs.withClustering(vs.clustering().withLongThreshold(t)), ev, ref, refSpk, d);
        }
    }

    /** The long recording resolved again with {@code settings}: its count and DER on one line named {@code what}. */
    private static void printLongAlternative(PrintStream out, String what, DiarizationSettings settings, Evidence ev,
            List<RttmTurn> ref, int refSpk, SpeakerDiarizer d) {
        EvidenceResolver.Resolved alt = EvidenceResolver.resolve(ev, settings, SpeakerCount.AUTO, d.plda());
        out.printf(Locale.ROOT, "long recording, %s: %d reference speakers -> %d found; DER %.2f%% (collar 0)%n", what,
                refSpk, alt.speakerIds().size(), 100 * scoreLong(ref, alt).total().der());
    }

    /**
     * Writes the long recording and runs the models on it, printing memory as it goes; the returned note repeats
     * those lines (for a later cached run).
     */
    private DiarizationBench.Described analyseLong(SpeakerDiarizer d, PrintStream out)
            throws EmotraceException, IOException {
        StringBuilder note = new StringBuilder();
        Path wav = Files.createTempFile("emotrace-bench-long-", ".wav");
        try {
            MeetingSimulator sim = MeetingSimulator.create(config(HELD_OUT, Set.of(), 1, seed + 7));
            List<RttmTurn> ref = new ArrayList<>();
            double target = longMinutes * 60;
            double offset = 0;
            try (WavWriter w = WavWriter.pcm16(wav)) {
                for (int i = 0; offset < target; i++) {
                    SimulatedMeeting m = sim.simulate(i);
                    w.write(m.audio());
                    for (RttmTurn t : MeetingWriter.referenceTurns(m)) {
                        ref.add(new RttmTurn("long", t.speaker(), t.start() + offset, t.end() + offset));
                    }
                    offset += m.durationSeconds();
                }
            }
            Runtime.getRuntime().gc();
            tee(note, out, String.format(Locale.ROOT, "long recording: %.1f min written to %s; before diarizing: %s%n",
                    offset / 60, wav, ProcessMemory.now().describe()));
            try (WavFileSource src = WavFileSource.open(wav); HeapSampler heap = new HeapSampler(200)) {
                double cpu0 = DiarizationBench.processCpuSeconds();
                long t0 = System.nanoTime();
                double duration = src.durationSeconds();
                double[] nextMark = {Math.min(1800, duration / 2)};
                ProgressListener memoryMarks = e -> { // segmentation reports 0.9 x the share of windows done
                    double at = e.fraction() / 0.9 * duration;
                    if (at >= nextMark[0] && e.fraction() < 0.9) {
                        tee(note, out, String.format(Locale.ROOT, "  at %5.1f min of audio (%.0f s wall): %s%n",
                                at / 60, (System.nanoTime() - t0) / 1e9, ProcessMemory.now().describe()));
                        nextMark[0] += Math.min(1800, duration / 2);
                    }
                };
                Evidence ev = d.collect(src, d.speech(src, null, ProgressListener.NONE).value(), memoryMarks);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = DiarizationBench.processCpuSeconds() - cpu0;
                tee(note, out, String.format(Locale.ROOT, "  after segmentation + embeddings (%.1f s wall, CPU %.1f s, "
                        + "peak heap %.0f MB): %s%n", wall, cpu,
                        heap.peakBytes() / 1e6, ProcessMemory.now().describe()));
                long refSpk = ref.stream().map(RttmTurn::speaker).distinct().count();
                // the VAD runs inside the measured span: its seconds are in the wall and CPU times, not apart
                return new DiarizationBench.Described(new BenchFile(EvidenceCache.LONG_ID, src.durationSeconds(), ref,
                        (int) refSpk, ev, 0, cpu, wall), note.toString());
            }
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** Prints a line now and keeps it in {@code note}, to be printed again when the evidence comes from the cache. */
    private static void tee(StringBuilder note, PrintStream out, String text) {
        out.print(text);
        out.flush();
        note.append(text);
    }
}
