package io.emotrace.diarization.embedding.train;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.cli.CliCommand;
import io.emotrace.diarization.embedding.ProjectSpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerFbank;
import io.emotrace.diarization.embedding.SpeakerModelFiles;
import io.emotrace.diarization.embedding.SpeakerNetConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotrace train speaker}: trains the project's speaker embedding on every non-held-out speaker of the
 * shared corpora, evaluates it on the held-out speakers and writes model.json, model.pt, metrics.json,
 * data-manifest.json and TRAINING.md into {@code --out}. Resumes from {@code --checkpoint} when one is there.
 */
@Command(name = "speaker", mixinStandardHelpOptions = true,
        description = {"Train the project's speaker-embedding network (LibTorch, CPU) and evaluate it (EER) on the",
                "held-out speakers. Time-boxed by --minutes; resumes from --checkpoint."})
public final class TrainSpeakerCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--out", defaultValue = "models/trained/speaker-embedding",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--checkpoint", description = "Checkpoint folder for resuming (default: target/train-speaker/checkpoint).")
    Path checkpoint;

    @Option(names = "--epochs", defaultValue = "60", description = "Planned epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--minutes", defaultValue = "25", description = "Training time budget (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for initialisation and data order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", description = "Folder with the corpora (default: $EMOTRACE_SHARED/data).")
    Path data;

    @Option(names = "--speakers-per-batch", defaultValue = "32", description = "Speakers per batch, two crops each (default ${DEFAULT-VALUE}).")
    int speakersPerBatch;

    @Option(names = "--lr", defaultValue = "0.002", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--augment", defaultValue = "0.6", description = "Share of crops augmented (default ${DEFAULT-VALUE}).")
    double augment;

    @Option(names = "--threads", defaultValue = "2", description = "LibTorch threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--limit-per-speaker", defaultValue = "0",
            description = "At most N utterances per speaker, 0 = all (smoke runs).")
    int limitPerSpeaker;

    @Option(names = "--exclude-speakers", split = ",", paramLabel = "ID",
            description = "Leave these speakers out of training (e.g. a tuning fold for diarization thresholds).")
    java.util.List<String> excludeSpeakers = new java.util.ArrayList<>();

    @Option(names = "--corpora", split = ",", paramLabel = "NAME",
            description = "Corpus folders to read (default: every single-speaker corpus of the shared data).")
    java.util.List<String> corpora = new java.util.ArrayList<>(io.emotrace.corpus.CorpusCatalog.SPEAKER_CORPORA);

    @Option(names = "--hold-out-corpora", split = ",", paramLabel = "NAME",
            description = "Whole corpora that only evaluate (default: ${DEFAULT-VALUE}); 'none' for none.")
    java.util.List<String> holdOutCorpora = new java.util.ArrayList<>(io.emotrace.corpus.CorpusCatalog.HELD_OUT_SPEAKER_CORPORA);

    @Option(names = "--max-seconds-per-speaker", defaultValue = "120",
            description = "Speech per speaker kept in memory, 0 = all (default ${DEFAULT-VALUE}).")
    double maxSecondsPerSpeaker;

    @Option(names = "--legacy-data", description = "The earlier recipe: the four original corpora, uniform speaker "
            + "draws, no telephone augmentation, no held-out corpus.")
    boolean legacyData;

    @Option(names = "--stop-after", defaultValue = "0", description = "End this invocation after N wall minutes "
            + "with a checkpoint and the model as it is; the same command resumes (default: run to the end).")
    double stopAfter;

    @Option(names = "--width", defaultValue = "128", description = "Width of the network's TDNN blocks: 128 is the "
            + "shipped compact network; 256 costs ~3.8x per crop (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--cepstra", defaultValue = "0", description = "Smooth each fbank frame across frequency to its N "
            + "lowest cepstral coefficients before the network (0 = off, default ${DEFAULT-VALUE}): the pitch's harmonic "
            + "ripple, which acted emotion moves, is removed and the vocal tract's envelope kept. Stored in model.json; a "
            + "checkpoint of another value is the starting point (warm restart).")
    int cepstra;

    @Option(names = "--emotion-confusion", defaultValue = "0", description = "Weight of the emotion-confusion term: "
            + "an emotion classifier on the embeddings of emotion-labelled crops is trained, and the network pushed to "
            + "leave it at chance (0 = off, default ${DEFAULT-VALUE}).")
    double emotionConfusion;

    @Option(names = "--spec-augment", defaultValue = "0", description = "Share of training crops with SpecAugment "
            + "masks (two mel bands of up to 8 bins, two stretches of up to 10 %% of the frames; default 0: off). Not "
            + "stored in the checkpoint: a resumed run uses the value given to it.")
    double specAugment;

    @Option(names = "--speed-speakers", split = ",", paramLabel = "F", description = "Speed factors (e.g. 0.9,1.1) "
            + "whose resampled copies of every training voice are trained as speakers of their own (pitch, formants and "
            + "rate scaled by F); a checkpoint without them, or with the first of them, is widened (its network and class "
            + "weights kept). Default: "
            + "none.")
    java.util.List<Double> speedSpeakers = new java.util.ArrayList<>();

    @Option(names = "--formant-speakers", split = ",", paramLabel = "F", description = "Formant factors (e.g. "
            + "0.9,1.1) whose copies of every training voice, the vocal tract scaled by F at the same pitch and rate "
            + "(linear-prediction envelope stretched), are trained as speakers of their own, classes after the speed "
            + "copies'; a checkpoint with the same speed factors and none or the first of these is widened. Default: none.")
    java.util.List<Double> formantSpeakers = new java.util.ArrayList<>();

    @Option(names = "--tilt", defaultValue = "0", description = "Share of augmented crops given a random spectral "
            + "tilt, as vocal effort gives one voice (first-order filter, about -9.5 to +15 dB at Nyquist; RMS kept; "
            + "default 0: off). Not stored in the checkpoint: a resumed run uses the value given to it.")
    double tilt;

    @Option(names = "--pitch-shift", defaultValue = "0", description = "Share of training crops whose pitch is moved "
            + "by a factor drawn log-uniformly in 1/R..R (--pitch-range) with the vocal tract kept (resampled, formants moved back "
            + "by linear prediction), labelled as the same speaker: an emotion moves a voice's pitch far more than its "
            + "vocal tract (default 0: off). Not stored in the checkpoint: a resumed run uses the value given to it.")
    double pitchShift;

    @Option(names = "--pitch-range", defaultValue = "1.25", description = "The widest pitch factor R of --pitch-shift "
            + "(1/R..R; above 1, at most 1.6; default ${DEFAULT-VALUE}: about four semitones).")
    double pitchRange;

    @Option(names = "--margin", defaultValue = "0.2", description = "AM-softmax margin (default ${DEFAULT-VALUE}); a "
            + "large-margin fine-tune raises it, with --crop-frames and --init-from.")
    double margin;

    @Option(names = "--crop-frames", split = ",", paramLabel = "N", description = "Training crop lengths in 10-ms frames "
            + "(default 120,160,200); a large-margin fine-tune uses longer ones, e.g. 300.")
    java.util.List<Integer> cropFrames = new java.util.ArrayList<>();

    @Option(names = "--init-from", paramLabel = "CKPT", description = "Start a run whose --checkpoint is still empty "
            + "from this checkpoint's network and class head, with a fresh schedule and optimiser (a fine-tune); the "
            + "data, seed, width and speed speakers must be the same.")
    Path initFrom;

    @Option(names = "--fit-plda", description = "Fit the PLDA back-end (plda.json) of the model in --out on the "
            + "training speakers, then evaluate cosine and PLDA scoring (with --eval-only: no training).")
    boolean fitPlda;

    @Option(names = "--plda-dims", defaultValue = "128", description = "PLDA directions kept (default ${DEFAULT-VALUE}).")
    int pldaDims;

    @Option(names = "--fit-nap", defaultValue = "0", paramLabel = "RANK", description = "Fit the emotion/channel "
            + "nuisance projection (nap.json) of the model in --out on the training speakers, removing RANK directions "
            + "(0 = off, default ${DEFAULT-VALUE}); with --eval-only: no training.")
    int fitNap;

    @Option(names = "--nap-emotion-weight", defaultValue = "0.5", description = "Share of the emotion scatter in the "
            + "nuisance scatter, the rest is channel (default ${DEFAULT-VALUE}).")
    double napEmotionWeight;

    @Option(names = "--nap-sweep", split = ",", paramLabel = "RANK", description = "With --fit-nap: also print "
            + "held-out EERs for these ranks (and --nap-sweep-weights) before writing nap.json.")
    java.util.List<Integer> napSweep = new java.util.ArrayList<>();

    @Option(names = "--nap-sweep-weights", split = ",", description = "Emotion weights for --nap-sweep (default: "
            + "--nap-emotion-weight only).")
    java.util.List<Double> napSweepWeights = new java.util.ArrayList<>();

    @Option(names = "--fit-cohort", description = "Write the AS-norm cohort (cohort.npy: one mean embedding per training "
            + "speaker) of the model in --out, then also print the held-out figures with AS-normalised scores.")
    boolean fitCohort;

    @Option(names = "--cohort-clips", defaultValue = "10", description = "Clips per training speaker in its cohort "
            + "voice (default ${DEFAULT-VALUE}).")
    int cohortClips;

    @Option(names = "--as-norm-top", split = ",", defaultValue = "300", paramLabel = "K", description = "Cohort voices "
            + "closest to each clip that AS-norm uses; several values print one evaluation each (default ${DEFAULT-VALUE}).")
    java.util.List<Integer> asNormTop;

    @Option(names = "--eval-only", description = "Only evaluate the model in --out on the held-out speakers; update metrics.json.")
    boolean evalOnly;

    @Option(names = "--compare-to", paramLabel = "DIR", description = "With an evaluation: also embed the held-out "
            + "clips with the project model in DIR and print this model's EERs minus its, over the same speaker-bootstrap "
            + "draws (paired intervals: what the held-out speakers can show of the difference).")
    Path compareTo;

    @Option(names = "--ensemble-with", split = ",", paramLabel = "DIR", description = "With --eval-only: evaluate the "
            + "model in --out heard together with the project models in these folders (embeddings joined, i.e. cosines "
            + "averaged: EnsembleSpeakerEmbedder); prints the figures and writes nothing.")
    java.util.List<Path> ensembleWith = new java.util.ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String parent() {
        return "train";
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        int bins = SpeakerNetConfig.compact().melBins();
        if (cepstra < 0 || cepstra >= bins) {
            stderr.println("train speaker: --cepstra is 0 (off) or 1.." + (bins - 1));
            return 2;
        }
        if (!(specAugment >= 0 && specAugment <= 1)) {
            stderr.println("train speaker: --spec-augment is a share of the crops, 0..1");
            return 2;
        }
        if (!speedSpeakers.stream().allMatch(BatchSampler::isSpeedFactor)
                || !formantSpeakers.stream().allMatch(BatchSampler::isSpeedFactor)) {
            stderr.println("train speaker: --speed-speakers and --formant-speakers factors are 0.5..2, not 1");
            return 2;
        }
        if (!(margin >= 0 && margin < 1) || cropFrames.stream().anyMatch(f -> f < 20 || f > 1000)) {
            stderr.println("train speaker: --margin is 0..1 and --crop-frames 20..1000");
            return 2;
        }
        if (initFrom != null && !java.nio.file.Files.isRegularFile(initFrom.resolve("state.json"))) {
            stderr.println("train speaker: --init-from " + initFrom + " holds no checkpoint (state.json)");
            return 2;
        }
        Path dataRoot = data != null ? data : SharedData.root().resolve("data");
        Path ckpt = checkpoint != null ? checkpoint : Path.of("target", "train-speaker", "checkpoint");
        java.util.function.Consumer<String> log = m -> {
            stdout.println("[train speaker] " + m);
            stdout.flush();
        };
        long started = System.nanoTime();
        if (!ensembleWith.isEmpty() && (!evalOnly || fitPlda || fitNap > 0 || fitCohort)) {
            stderr.println("train speaker: --ensemble-with evaluates cosines only: it needs "
                    + "--eval-only and takes no --fit-plda, --fit-nap or --fit-cohort");
            return 2;
        }
        try (SpeakerFbank fbank = new SpeakerFbank(1)) {
            java.util.Set<String> heldCorpora = holdOutCorpora.contains("none") ? java.util.Set.of() : java.util.Set.copyOf(holdOutCorpora);
            SpeakerCorpus.Selection sel = legacyData
                    ? SpeakerCorpus.Selection.legacy(limitPerSpeaker, !evalOnly, java.util.Set.copyOf(excludeSpeakers))
                    : new SpeakerCorpus.Selection(corpora, heldCorpora, java.util.Set.copyOf(excludeSpeakers),
                            limitPerSpeaker, maxSecondsPerSpeaker, !evalOnly || fitPlda || fitNap > 0 || fitCohort);
            SpeakerCorpus corpus = SpeakerCorpus.load(dataRoot, new FfmpegAudioDecoder(), fbank, sel, log);
            log.accept(String.format(Locale.ROOT, "data: %d training clips (%d speakers), %d held-out clips, %d skipped; %.1f s",
                    corpus.train().size(), corpus.trainSpeakers().size(), corpus.eval().size(), corpus.skipped(),
                    (System.nanoTime() - started) / 1e9));
            TrainingReport report = new TrainingReport(out, String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            if (!evalOnly) {
                SpeakerTrainer.Options o = new SpeakerTrainer.Options(epochs, minutes, seed, speakersPerBatch, lr, augment,
                        threads, 3.0).withCorpora(!legacyData, !legacyData).withStopAfter(stopAfter)
                        .withEmotionConfusion(emotionConfusion).withSpecAugment(specAugment)
                        .withSpeedSpeakers(speedSpeakers).withTilt(tilt).withFormantSpeakers(formantSpeakers)
                        .withPitchShift(pitchShift, pitchRange);
                SpeakerTrainer.Recipe recipe = new SpeakerTrainer.Recipe(margin, cropFrames.isEmpty()
                        ? SpeakerTrainer.Recipe.standard().cropFrames() : cropFrames, initFrom);
                SpeakerTrainer.Result r = new SpeakerTrainer(o, recipe, log).train(corpus, fbank, SpeakerNetConfig.ofWidth(width).withCepstra(cepstra), ckpt);
                try (io.emotrace.diarization.embedding.SpeakerNet trained = r.net()) {
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put("trainedAt", Instant.now().toString());
                    extra.put("steps", r.steps());
                    extra.put("trainingSpeakers", corpus.trainSpeakers().size());
                    SpeakerModelFiles.write(out, trained, 0.5, String.format(Locale.ROOT,
                            "trained %d steps on %d speakers", r.steps(), corpus.trainSpeakers().size()), extra);
                }
                report.training(o, recipe, r, corpus, sel);
                report.manifest(corpus, dataRoot);
            }
            if (fitNap > 0) {
                fitNuisanceProjection(corpus, sel.heldOutCorpora(), log, stdout);
            }
            if (!ensembleWith.isEmpty()) {
                evaluateEnsemble(corpus, sel.heldOutCorpora(), log, stdout);
                log.accept(String.format(Locale.ROOT, "done in %.1f min (nothing written)", (System.nanoTime() - started) / 60e9));
                return 0;
            }
            try (ProjectSpeakerEmbedder emb = ProjectSpeakerEmbedder.fromDirectory(out)) {
                if (fitPlda) {
                    PldaFitting.Fitted f = PldaFitting.fit(emb, corpus.train(), pldaDims, seed, log);
                    Map<String, Object> provenance = new LinkedHashMap<>();
                    provenance.put("fittedAt", Instant.now().toString());
                    provenance.put("embeddings", f.embeddings());
                    provenance.put("speakers", f.speakers());
                    provenance.put("cropsPerClip", PldaFitting.CROPS_PER_CLIP);
                    provenance.put("augmentedShare", PldaFitting.AUGMENTED_SHARE);
                    provenance.put("heldOutCorpora", new java.util.TreeSet<>(sel.heldOutCorpora()));
                    f.plda().write(out.resolve(io.emotrace.diarization.embedding.Plda.FILE), provenance);
                    log.accept(String.format(Locale.ROOT, "PLDA fitted on %d embeddings of %d speakers (%d dims) in %.1f s",
                            f.embeddings(), f.speakers(), f.plda().dims(), f.seconds()));
                }
                io.emotrace.diarization.embedding.Plda plda = io.emotrace.diarization.embedding.Plda.readIfPresent(out);
                log.accept("evaluating on " + corpus.eval().size() + " held-out clips");
                SpeakerEvaluation.Embedded embedded = SpeakerEvaluation.embed(emb, corpus.eval());
                SpeakerEvaluation.Report ev = embedded.report(c -> true);
                stdout.print(SpeakerEvaluation.format(ev));
                report.metrics(ev);
                evaluateHeldOutCorpora(embedded, sel.heldOutCorpora(), report, stdout, null, "");
                bootstrapHeldOut(embedded, sel.heldOutCorpora(), report, stdout, compareEmbedded(corpus, log));
                if (fitCohort) {
                    long c0 = System.nanoTime();
                    float[][] voices = SpeakerEvaluation.cohortVoices(emb, corpus.train(), cohortClips);
                    new io.emotrace.diarization.embedding.ScoreCohort(voices, 1).write(
                            out.resolve(io.emotrace.diarization.embedding.ScoreCohort.FILE));
                    log.accept(String.format(Locale.ROOT, "AS-norm cohort: %d training voices written in %.1f s",
                            voices.length, (System.nanoTime() - c0) / 1e9));
                }
                io.emotrace.diarization.embedding.ScoreCohort cohort =
                        io.emotrace.diarization.embedding.ScoreCohort.readIfPresent(out, 1);
                if (cohort != null) {
                    for (int k : asNormTop) {
                        io.emotrace.diarization.embedding.ScoreCohort ck = cohort.withTopK(k);
                        stdout.println("AS-norm scoring (cohort of " + ck.size() + " training voices, top " + ck.topK() + "):");
                        SpeakerEvaluation.Report aev = embedded.report(c -> true, ck);
                        stdout.print(SpeakerEvaluation.format(aev));
                        report.corpusMetrics("asnorm" + k, aev);
                        evaluateHeldOutCorporaAsNorm(embedded, sel.heldOutCorpora(), report, stdout, ck, "asnorm" + k + "-");
                    }
                }
                if (plda != null) {
                    stdout.println("PLDA scoring (" + plda.dims() + " dims):");
                    SpeakerEvaluation.Report pev = embedded.report(c -> true, plda);
                    stdout.print(SpeakerEvaluation.format(pev));
                    report.corpusMetrics("plda", pev);
                    evaluateHeldOutCorpora(embedded, sel.heldOutCorpora(), report, stdout, plda, "plda-");
                }
            }
            report.writeAll();
            log.accept(String.format(Locale.ROOT, "done in %.1f min; wrote %s", (System.nanoTime() - started) / 60e9, out));
            return 0;
        } catch (EmotraceException e) {
            stderr.println("emotrace train speaker: error " + e.describe());
            return 1;
        } catch (IOException e) {
            stderr.println("emotrace train speaker: error [train.io] " + e.getMessage());
            return 1;
        }
    }

    /** The held-out clips embedded by the --compare-to model, or null without one. */
    private SpeakerEvaluation.Embedded compareEmbedded(SpeakerCorpus corpus, java.util.function.Consumer<String> log)
            throws EmotraceException {
        if (compareTo == null) {
            return null;
        }
        try (ProjectSpeakerEmbedder base = ProjectSpeakerEmbedder.fromDirectory(compareTo)) {
            log.accept("embedding the held-out clips with the baseline model " + compareTo);
            return SpeakerEvaluation.embed(base, corpus.eval());
        }
    }

    /**
     * Speaker-bootstrap intervals of the crop EERs on the held-out corpora (pooled and each) and on the held-out
     * speakers of the training corpora; with a baseline, the paired differences too (printed, not written).
     */
    private static void bootstrapHeldOut(SpeakerEvaluation.Embedded embedded, java.util.Set<String> heldOut,
            TrainingReport report, PrintWriter stdout, SpeakerEvaluation.Embedded baseline) {
        Map<String, java.util.function.Predicate<SpeakerClip>> sets = new LinkedHashMap<>();
        sets.put("pooled", c -> heldOut.contains(c.corpus()));
        for (String name : new java.util.TreeSet<>(heldOut)) {
            sets.put(name, c -> c.corpus().equals(name));
        }
        sets.put("heldOutSpeakersOfTrainingCorpora", c -> !heldOut.contains(c.corpus()));
        for (var e : sets.entrySet()) {
            TrialBootstrap.Figures f = embedded.intervals(e.getValue());
            if (f == null) {
                continue;
            }
            stdout.println(e.getKey() + ":");
            stdout.print(SpeakerEvaluation.format(f, false));
            report.corpusIntervals(e.getKey(), f);
            if (baseline != null) {
                stdout.print(SpeakerEvaluation.format(f.minus(baseline.intervals(e.getValue())), true));
            }
        }
    }

    /** The held-out figures of the model in --out heard together with the --ensemble-with models (cosine only). */
    private void evaluateEnsemble(SpeakerCorpus corpus, java.util.Set<String> heldOut,
            java.util.function.Consumer<String> log, PrintWriter stdout) throws EmotraceException, IOException {
        java.util.List<Path> dirs = new java.util.ArrayList<>(java.util.List.of(out));
        dirs.addAll(ensembleWith);
        try (io.emotrace.diarization.embedding.EnsembleSpeakerEmbedder emb =
                io.emotrace.diarization.embedding.EnsembleSpeakerEmbedder.ofDirectories(dirs)) {
            log.accept("evaluating " + emb.describe() + " on " + corpus.eval().size() + " held-out clips");
            SpeakerEvaluation.Embedded embedded = SpeakerEvaluation.embed(emb, corpus.eval());
            stdout.print(SpeakerEvaluation.format(embedded.report(c -> true)));
            // a report that is never written: the ensemble's figures are printed only
            evaluateHeldOutCorpora(embedded, heldOut, new TrainingReport(out, "ensemble"), stdout, null, "");
        }
    }

    /**
     * Fits nap.json on the raw embeddings of the model in --out (an earlier nap.json is replaced), after printing the
     * held-out EERs of each swept rank and weight: crops of 1.5 s, all pairs and cross/same emotion, pooled over the
     * held-out corpora, per held-out corpus, and on the held-out speakers of the training corpora.
     */
    private void fitNuisanceProjection(SpeakerCorpus corpus, java.util.Set<String> heldOut,
            java.util.function.Consumer<String> log, PrintWriter stdout) throws EmotraceException, IOException {
        java.nio.file.Files.deleteIfExists(out.resolve(io.emotrace.diarization.embedding.NuisanceProjection.FILE));
        try (ProjectSpeakerEmbedder raw = ProjectSpeakerEmbedder.fromDirectory(out)) {
            NapFitting.Scatter scatter = NapFitting.measure(raw, corpus.train(), seed, log);
            if (!napSweep.isEmpty()) {
                SpeakerEvaluation.Embedded embedded = SpeakerEvaluation.embed(raw, corpus.eval());
                java.util.List<Double> weights = napSweepWeights.isEmpty() ? java.util.List.of(napEmotionWeight) : napSweepWeights;
                for (double w : weights) {
                    io.emotrace.diarization.embedding.NuisanceProjection full = io.emotrace.diarization.embedding
                            .NuisanceProjection.ofScatter(scatter.mixed(w), java.util.Collections.max(napSweep));
                    for (int rank : napSweep) {
                        SpeakerEvaluation.Embedded e = rank == 0 ? embedded : NapFitting.project(embedded, full.top(rank));
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                                "NAP sweep: emotion weight %.2f rank %3d | crop EER %%", w, rank));
                        SpeakerEvaluation.Report pooled = e.report(c -> heldOut.contains(c.corpus()));
                        SpeakerEvaluation.Condition pc = pooled.conditions().get(1);
                        line.append(String.format(Locale.ROOT, " held-out corpora all %.2f cross %.2f same %.2f |",
                                pc.all().eer() * 100, pc.crossEmotion().eer() * 100, pc.sameEmotion().eer() * 100));
                        for (String name : new java.util.TreeSet<>(heldOut)) {
                            SpeakerEvaluation.Condition cc = e.report(c -> c.corpus().equals(name)).conditions().get(1);
                            line.append(String.format(Locale.ROOT, " %s %.2f", name, cc.all().eer() * 100));
                        }
                        SpeakerEvaluation.Condition tc = e.report(c -> !heldOut.contains(c.corpus())).conditions().get(1);
                        line.append(String.format(Locale.ROOT, " | training corpora's held-out speakers %.2f",
                                tc.all().eer() * 100));
                        stdout.println(line);
                        stdout.flush();
                    }
                }
            }
            io.emotrace.diarization.embedding.NuisanceProjection nap = io.emotrace.diarization.embedding
                    .NuisanceProjection.ofScatter(scatter.mixed(napEmotionWeight), fitNap);
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("fittedAt", Instant.now().toString());
            provenance.put("emotionWeight", napEmotionWeight);
            provenance.put("emotionSpeakers", scatter.emotionSpeakers());
            provenance.put("speakerEmotionMeans", scatter.emotionMeans());
            provenance.put("channelPairs", scatter.channelPairs());
            provenance.put("heldOutCorpora", new java.util.TreeSet<>(heldOut));
            nap.write(out.resolve(io.emotrace.diarization.embedding.NuisanceProjection.FILE), provenance);
            log.accept(String.format(Locale.ROOT, "nuisance projection of rank %d written (scatters measured in %.1f s)",
                    nap.rank(), scatter.seconds()));
        }
    }

    /**
     * EER per held-out corpus, over all of them pooled and on the earlier held-out speakers: the leave-corpus-out
     * figures (voices, languages and channels the model never trained on as a whole corpus), from the evaluation
     * clips embedded once.
     */
    private static void evaluateHeldOutCorpora(SpeakerEvaluation.Embedded embedded, java.util.Set<String> heldOut,
            TrainingReport report, PrintWriter stdout, io.emotrace.diarization.embedding.Plda plda, String prefix) {
        evaluateHeldOutCorpora(embedded, heldOut, report, stdout, keep -> embedded.report(keep, plda), prefix,
                plda == null ? "" : " (PLDA)");
    }

    private static void evaluateHeldOutCorporaAsNorm(SpeakerEvaluation.Embedded embedded, java.util.Set<String> heldOut,
            TrainingReport report, PrintWriter stdout, io.emotrace.diarization.embedding.ScoreCohort cohort, String prefix) {
        evaluateHeldOutCorpora(embedded, heldOut, report, stdout, keep -> embedded.report(keep, cohort), prefix,
                " (AS-norm, top " + cohort.topK() + ")");
    }

    private static void evaluateHeldOutCorpora(SpeakerEvaluation.Embedded embedded, java.util.Set<String> heldOut,
            TrainingReport report, PrintWriter stdout,
            java.util.function.Function<java.util.function.Predicate<SpeakerClip>, SpeakerEvaluation.Report> scored,
            String prefix, String by) {
        if (heldOut.isEmpty() || embedded.clips().stream().noneMatch(c -> heldOut.contains(c.corpus()))) {
            return;
        }
        section(embedded, c -> !heldOut.contains(c.corpus()), prefix + "heldOutSpeakersOfTrainingCorpora",
                "held-out speakers of the training corpora (the earlier evaluation set)" + by + ":", report, stdout, scored);
        section(embedded, c -> heldOut.contains(c.corpus()), prefix + "pooled",
                "held-out corpora pooled (" + String.join(", ", new java.util.TreeSet<>(heldOut)) + ")" + by + ":",
                report, stdout, scored);
        for (String name : new java.util.TreeSet<>(heldOut)) {
            section(embedded, c -> c.corpus().equals(name), prefix + name, "held-out corpus " + name + by + ":",
                    report, stdout, scored);
        }
    }

    private static void section(SpeakerEvaluation.Embedded embedded, java.util.function.Predicate<SpeakerClip> keep,
            String key, String title, TrainingReport report, PrintWriter stdout,
            java.util.function.Function<java.util.function.Predicate<SpeakerClip>, SpeakerEvaluation.Report> scored) {
        SpeakerEvaluation.Report r = scored.apply(keep);
        if (r.clips() == 0) {
            return;
        }
        stdout.println(title);
        stdout.print(SpeakerEvaluation.format(r));
        report.corpusMetrics(key, r);
    }
}
