package io.emotrace.pipeline;

import io.emotrace.Digests;
import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioInfo;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.DecodedAudio;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.audio.WavFileSource;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerName;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.domain.StageStatus;
import io.emotrace.domain.Transcript;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.EmotraceVersion;
import io.emotrace.output.NpyWriter;
import io.emotrace.output.OutputWriter;
import io.emotrace.output.RunDirectory;
import io.emotrace.output.SpeakerTimeline;
import io.emotrace.output.SpeakerTimelines;
import io.emotrace.speakers.SpeakerNamer;
import io.emotrace.vad.VoiceActivityDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs decode → VAD → diarization → emotion → ASR → rules → outputs for one file, with the process's
 * {@link Engines} (each model loaded once, shared by every run). Decoding streams straight into
 * {@code processed_audio.wav}; later stages read that file through a {@link WavFileSource} (positional file reads), so the
 * heap never holds the whole recording. Each stage is recorded as ok, unavailable (with its provider's reason) or
 * failed (with the error); one stage failing or missing does not stop the others. The run publishes typed
 * {@link AnalysisEvent}s to its listener and stops between units of work once its {@link Cancellation} is
 * cancelled. Every file of the run (outputs, speaker embeddings, rule files) is written before its folder is
 * published; a published folder is never modified. Only a file that cannot be decoded, outputs that cannot be
 * written, or a cancellation end the whole run, and then nothing is published.
 */
public final class AnalysisPipeline implements AutoCloseable {
    public static final String DECODE = "decode";
    public static final String VAD = "vad";
    public static final String DIARIZATION = "diarization";
    public static final String EMOTION = "emotion";
    public static final String EMOTION_TRACK = "emotion-track";
    public static final String ASR = "asr";
    public static final String RULES = "rules";
    public static final String OUTPUTS = "outputs";
    /** The data flow: stage records are listed in this order (some stages run side by side). */
    static final List<String> STAGE_ORDER = List.of(DECODE, VAD, DIARIZATION, EMOTION, EMOTION_TRACK, ASR, RULES);
    public static final String PROCESSED_AUDIO = "processed_audio.wav";
    /** Per-speaker voice embeddings from the diarizer: {@code embeddings/<speaker>.npy}, float32 (1, dim). */
    public static final String EMBEDDINGS = "embeddings";

    private final Engines engines;
    private final boolean ownsEngines;
    private final List<OutputWriter> writers;
    private final Clock clock;

    /** A pipeline with its own engines, closed with it (one-off tools and tests). */
    public AnalysisPipeline(StageCatalog catalog) {
        this(new Engines(catalog), true, OutputWriter.ALL, Clock.systemDefaultZone());
    }

    public AnalysisPipeline(StageCatalog catalog, List<OutputWriter> writers, Clock clock) {
        this(new Engines(catalog), true, writers, clock);
    }

    /** A pipeline over shared engines, which the caller keeps and closes. */
    public AnalysisPipeline(Engines engines) {
        this(engines, false, OutputWriter.ALL, Clock.systemDefaultZone());
    }

    private AnalysisPipeline(Engines engines, boolean ownsEngines, List<OutputWriter> writers, Clock clock) {
        this.engines = engines;
        this.ownsEngines = ownsEngines;
        this.writers = List.copyOf(writers);
        this.clock = clock;
    }

    public Engines engines() {
        return engines;
    }

    /** Analyses {@code input} and publishes {@code <outputsRoot>/<name>_<YYYYMMDD_HHMMSS>/}; progress only. */
    public AnalysisRun run(Path input, Path outputsRoot, ProgressListener listener) throws EmotraceException {
        return run(input, outputsRoot, RunOptions.of(AnalysisListener.progress(listener)));
    }

    /**
     * Analyses {@code input} and publishes {@code <outputsRoot>/<name>_<YYYYMMDD_HHMMSS>/}, telling
     * {@code options.listener()} everything as it happens. Throws {@link AnalysisCancelledException} (and publishes
     * nothing) when the run's cancellation was cancelled.
     */
    public AnalysisRun run(Path input, Path outputsRoot, RunOptions options) throws EmotraceException {
        AnalysisListener events = options.listener();
        Cancellation cancel = options.cancellation();
        ProgressListener progress = ProgressListener.cancellable(new ThrottledProgress(
                e -> events.on(new AnalysisEvent.Progress(e.stage(), e.fraction(), e.message())), 100), cancel);
        DecodedAudio.checkInput(input);
        AudioDecoder decoder = engines.decoder();
        long size;
        String sha256;
        try {
            size = Files.size(input);
            sha256 = sha256(input, progress);
        } catch (IOException e) {
            throw new EmotraceException("input.unreadable", input + ": " + e.getMessage(), e);
        }
        try (RunDirectory run = RunDirectory.create(outputsRoot, input.getFileName().toString(),
                LocalDateTime.now(clock))) {
            Stages stages = new Stages(events, progress);
            Path wav = run.work().resolve(PROCESSED_AUDIO);
            long t0 = System.nanoTime();
            long cpu0 = ProcessCpu.nanos();
            events.on(new AnalysisEvent.StageStarted(DECODE, decoder.getClass().getSimpleName()));
            Analysis analysis;
            try (DecodedAudio audio = DecodedAudio.decode(decoder, input, wav, progress)) {
                progress.checkCancelled();
                String decodeDetail = decoderName(decoder, audio.info()) + audio.warnings().stream()
                        .map(w -> "; warning: " + w).collect(java.util.stream.Collectors.joining());
                stages.record(StageOutcome.ok(DECODE, decodeDetail, seconds(t0), null)
                        .withCpu(ProcessCpu.secondsSince(cpu0)));
                analysis = analyze(input, size, sha256, audio.info(), audio.source(), stages, options);
            }
            progress.checkCancelled();
            AnalysisResult result = analysis.result();
            progress.report(OUTPUTS, 0, "writing outputs");
            for (OutputWriter w : writers) {
                w.write(run.work(), result);
            }
            if (analysis.rules() != null) {
                analysis.rules().files().write(run.work());
            }
            writeEmbeddings(run.work(), analysis.centroids());
            progress.checkCancelled();
            Path published = run.commit();
            progress.report(OUTPUTS, 1, "written " + published);
            events.on(new AnalysisEvent.RunPublished(published, result));
            return new AnalysisRun(published, result);
        } catch (IOException e) {
            throw new EmotraceException("output.write_failed", "cannot write outputs under " + outputsRoot + ": "
                    + io.emotrace.output.IoProblem.describe(e), e);
        }
    }

    /** The result, the rule outcome whose files go into the run, and the speakers' voice embeddings. */
    private record Analysis(AnalysisResult result, RuleEngine.RulesOutcome rules, Map<String, float[]> centroids) {
    }

    /** The run's stage records, each announced to the listener as it ends. */
    private record Stages(List<AnalysisResult.Stage> list, AnalysisListener events, ProgressListener progress) {
        Stages(AnalysisListener events, ProgressListener progress) {
            this(new ArrayList<>(), events, progress);
        }

        /** Stages that overlap record from two threads; the list keeps the data-flow order whatever ends first. */
        void record(StageOutcome<?> o) {
            synchronized (list) {
                list.add(new AnalysisResult.Stage(o.name(), o.status(), o.detail(), o.elapsedSeconds(), o.cpuSeconds()));
                list.sort(java.util.Comparator.comparingInt(s -> STAGE_ORDER.indexOf(s.name())));
            }
            events.on(new AnalysisEvent.StageFinished(o.name(), o.status(), o.detail(), o.elapsedSeconds()));
        }
    }

    private Analysis analyze(Path input, long size, String sha256, AudioInfo info, WavFileSource audio,
                             Stages stages, RunOptions options) throws AnalysisCancelledException {
        AnalysisListener events = options.listener();
        ProgressListener progress = stages.progress();
        // VAD beside diarization: a diarizer with its own speech detector never waits for it; one that needs the
        // VAD's regions waits for them inside its stage, once it is loaded and knows
        var vadAndDiarization = BesideStage.run("emotrace-vad", () -> runStage(VAD, engines.vad(), null,
                d -> d.detect(audio, progress), VoiceActivityDetector::describe, stages),
                vadOutcome -> runStage(DIARIZATION, engines.diarizer(), null, d -> d.diarize(audio,
                        d.findsSpeechItself() ? null : regions(vadOutcome.await()), progress).withCanonicalIds(),
                        Diarizer::describe, stages));
        StageOutcome<List<SpeechRegion>> vad = vadAndDiarization.side();
        StageOutcome<DiarizationResult> dia = vadAndDiarization.main();
        List<SpeechRegion> speech = vad.isOk() ? vad.result() : null;
        Map<String, SpeakerName> names = Map.of();
        if (dia.isOk()) {
            names = nameSpeakers(dia, options.speakerNamer(), stages);
            names.forEach((id, n) -> events.on(new AnalysisEvent.SpeakerNamed(id, n)));
            dia.result().exclusive().forEach(t -> events.on(new AnalysisEvent.SpeakerTurnFound(t)));
        }

        SegmentSelection selection = SegmentSelection.choose(dia.isOk() ? dia.result() : null, speech);
        List<Segment> segs = selection.segments();
        String noUnits = selection.skipReason();
        // ASR (its own pool, charged to it) beside emotion: both only read the audio and the segments
        var both = BesideStage.run("emotrace-asr-stage", () -> runStage(ASR, engines.transcriber(), noUnits,
                t -> sameSize(t.transcribe(audio, segs, progress), segs, "transcripts"),
                Transcriber::describe, stages), () -> {
                    StageOutcome<EmotionOutput> e = runStage(EMOTION, engines.emotion(), noUnits,
                            r -> recognizeAndTrack(r, audio, segs, progress), EmotionRecognizer::describe, stages,
                            EmotionOutput::detail);
                    stages.record(e.isOk() ? e.result().track()
                            : StageOutcome.unavailable(EMOTION_TRACK, "skipped: needs the emotion stage"));
                    if (e.isOk()) {
                        for (int i = 0; i < segs.size(); i++) {
                            events.on(new AnalysisEvent.SegmentEmotion(i, segs.get(i), e.result().estimates().get(i)));
                        }
                    }
                    return e;
                });
        StageOutcome<List<Transcript>> asr = both.side();
        StageOutcome<EmotionOutput> emo = both.main();
        StageOutcome<EmotionTracks> track = emo.isOk() ? emo.result().track()
                : StageOutcome.unavailable(EMOTION_TRACK, "skipped: needs the emotion stage");
        if (asr.isOk()) {
            for (int i = 0; i < segs.size(); i++) {
                events.on(new AnalysisEvent.SegmentWords(i, segs.get(i), asr.result().get(i)));
            }
        }

        List<AnalyzedSegment> segments = new ArrayList<>();
        if (dia.isOk() || emo.isOk() || asr.isOk()) {
            for (int i = 0; i < segs.size(); i++) {
                Segment u = segs.get(i);
                Transcript tr = asr.isOk() ? asr.result().get(i) : null;
                segments.add(new AnalyzedSegment(u.speaker(), u.start(), u.end(),
                        emo.isOk() ? emo.result().estimates().get(i) : null, tr == null ? null : tr.text(),
                        tr == null ? List.of() : tr.words(), tr == null ? null : tr.language(),
                        u.speakerConfidence()));
            }
        }
        String noSegments = dia.isOk() || emo.isOk() || asr.isOk() ? null
                : "skipped: no analysed segments (needs diarization, emotion or asr)";
        StageOutcome<RuleEngine.RulesOutcome> rules = runStage(RULES, engines.rules(), noSegments,
                e -> e.evaluate(options.rulesDocument(), options.rulesBudget(), segments, progress), RuleEngine::describe, stages,
                RuleEngine.RulesOutcome::detail);
        List<RuleFlag> flags = rules.isOk() ? rules.result().flags() : List.of();
        flags.forEach(f -> events.on(new AnalysisEvent.RuleFlagged(f)));

        List<SpeakerTimeline> timelines = segments.isEmpty() ? List.of()
                : SpeakerTimelines.build(segments, track.isOk() ? track.result() : null);
        String language = asr.isOk() ? segments.stream().map(AnalyzedSegment::language)
                .filter(Objects::nonNull).findFirst().orElse(null) : null;
        double declared = info.durationSeconds();
        AnalysisResult result = new AnalysisResult(AnalysisResult.SCHEMA_VERSION, EmotraceVersion.get(),
                clock.instant().toString(),
                new AnalysisResult.Input(input.toAbsolutePath().normalize().toString(), input.getFileName().toString(),
                        size, sha256, info.container(), info.codec(), info.sampleRate(), info.channels(),
                        Double.isFinite(declared) ? declared : null),
                new AnalysisResult.ProcessedAudio(PROCESSED_AUDIO, "pcm_s16le", audio.sampleRate(), audio.length(),
                        audio.durationSeconds()),
                List.copyOf(stages.list()), speech == null ? List.of() : speech, speakers(dia), segments, flags,
                language, dia.isOk() ? dia.result().overlapping() : List.of(), timelines,
                dia.isOk() ? dia.result().count() : null).withSpeakerNames(names);
        return new Analysis(result, rules.isOk() ? rules.result() : null,
                dia.isOk() ? dia.result().centroids() : Map.of());
    }

    /**
     * Names for the diarized speakers from their voice embeddings (open set: unmatched speakers stay anonymous). A
     * database that cannot be read does not fail the run: its error is added to the diarization stage's detail and
     * nobody is named.
     */
    private static Map<String, SpeakerName> nameSpeakers(StageOutcome<DiarizationResult> dia, SpeakerNamer namer,
                                                         Stages stages) {
        if (namer == SpeakerNamer.NONE || dia.result().centroids().isEmpty()) {
            return Map.of();
        }
        Map<String, SpeakerName> names;
        String note;
        try {
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (SpeakerTurn t : dia.result().exclusive()) {
                seconds.merge(t.speaker(), t.duration(), Double::sum);
            }
            names = Map.copyOf(namer.name(dia.result().centroids(), seconds));
            note = "names: " + names.size() + " of " + dia.result().centroids().size()
                    + " speakers matched an enrolled voice";
        } catch (EmotraceException e) {
            names = Map.of();
            note = "names: none, " + e.describe();
        }
        List<AnalysisResult.Stage> list = stages.list();
        for (int i = 0; i < list.size(); i++) {
            AnalysisResult.Stage s = list.get(i);
            if (s.name().equals(DIARIZATION)) {
                list.set(i, new AnalysisResult.Stage(s.name(), s.status(),
                        s.detail() == null ? note : s.detail() + "; " + note, s.elapsedSeconds(), s.cpuSeconds()));
            }
        }
        return names;
    }

    /** {@code embeddings/<speaker>.npy} from the diarizer's centroids; nothing when it had none. */
    private static void writeEmbeddings(Path work, Map<String, float[]> centroids) throws IOException {
        if (centroids.isEmpty()) {
            return;
        }
        Path dir = Files.createDirectories(work.resolve(EMBEDDINGS));
        for (Map.Entry<String, float[]> e : centroids.entrySet()) {
            NpyWriter.write(dir.resolve(e.getKey() + ".npy"), e.getValue(), 1, e.getValue().length);
        }
    }

    /**
     * Per-segment estimates, and the track as its own outcome: a recognizer without one still gives estimates.
     * {@code detail}: the recognizer's description, and whether the recording's speech was telephone-band (a model
     * with a calls model judged it by that one).
     */
    private record EmotionOutput(List<EmotionEstimate> estimates, StageOutcome<EmotionTracks> track, String detail) {
    }

    private static List<SpeechRegion> regions(StageOutcome<List<SpeechRegion>> vad) {
        return vad.isOk() ? vad.result() : null;
    }

    private static EmotionOutput recognizeAndTrack(EmotionRecognizer r, AudioSource audio, List<Segment> units,
                                                   ProgressListener progress) throws EmotraceException {
        progress.checkCancelled();
        // each speaker's voice once, for both the estimates and the track (a second pass over the audio otherwise)
        EmotionRecognizer.VoicedEstimates voiced = r.recognizeWithVoices(audio, units, progress);
        Map<String, io.emotrace.domain.SpeakerVoice> voices = voiced.voices();
        List<EmotionEstimate> estimates = sameSize(voiced.estimates(), units, "emotion estimates");
        long t0 = System.nanoTime();
        long cpu0 = StageCpu.nanos();
        StageOutcome<EmotionTracks> track;
        try {
            EmotionTracks t = r.track(audio, units, voices, progress);
            sameSize(t.perSegment(), units, "emotion tracks");
            track = StageOutcome.ok(EMOTION_TRACK, t.settings(), seconds(t0), t).withCpu(StageCpu.secondsSince(cpu0));
        } catch (AnalysisCancelledException e) {
            throw e;
        } catch (EmotraceException e) {
            track = EmotionRecognizer.NO_TRACK.equals(e.code()) ? StageOutcome.unavailable(EMOTION_TRACK, e.getMessage())
                    : StageOutcome.failed(EMOTION_TRACK, e.describe(), seconds(t0));
        } catch (RuntimeException | LinkageError e) {
            track = StageOutcome.failed(EMOTION_TRACK, describeError(e), seconds(t0));
        }
        // the voices carry the band of the recording's speech (all alike)
        io.emotrace.domain.BandEnergy band = voices.isEmpty() ? io.emotrace.domain.BandEnergy.NONE
                : voices.values().iterator().next().band();
        String detail = r.describe() + (band.narrowband() ? String.format(java.util.Locale.ROOT,
                "; this recording's speech is telephone-band (%.3f %% of its energy above 4 kHz)", 100 * band.share()) : "");
        return new EmotionOutput(estimates, track, detail);
    }

    private static <E extends AutoCloseable, R> StageOutcome<R> runStage(
            String name, SharedEngine<E> engine, String skipReason, SharedEngine.Call<E, R> call,
            Function<E, String> describe, Stages stages) throws AnalysisCancelledException {
        return runStage(name, engine, skipReason, call, describe, stages, null);
    }

    /**
     * Runs one stage on its shared engine and records the outcome. {@code detailOf} (null: the engine's
     * description) takes the detail from the result, for stages whose detail depends on the call.
     */
    private static <E extends AutoCloseable, R> StageOutcome<R> runStage(
            String name, SharedEngine<E> engine, String skipReason, SharedEngine.Call<E, R> call,
            Function<E, String> describe, Stages stages, Function<R, String> detailOf)
            throws AnalysisCancelledException {
        ProgressListener progress = stages.progress();
        progress.checkCancelled();
        StageOutcome<R> outcome;
        if (!engine.available()) {
            progress.report(name, 1, "not available: " + engine.unavailableReason());
            outcome = StageOutcome.unavailable(name, engine.unavailableReason());
        } else if (skipReason != null) {
            progress.report(name, 1, skipReason);
            outcome = StageOutcome.unavailable(name, skipReason);
        } else {
            long t0 = System.nanoTime();
            long cpu0 = StageCpu.nanos();
            stages.events().on(new AnalysisEvent.StageStarted(name, engine.providerName()));
            progress.report(name, 0, "starting " + engine.providerName());
            try {
                String[] detail = new String[1];
                R result = engine.call(e -> {
                    R r = call.apply(e);
                    detail[0] = describe.apply(e);
                    return r;
                });
                engine.described(detail[0]);
                io.emotrace.runtime.NativeHeap.trim(); // the stage's native buffers are free now: give them back
                progress.report(name, 1, "done");
                outcome = StageOutcome.ok(name, detailOf != null ? detailOf.apply(result) : detail[0],
                        seconds(t0), result).withCpu(StageCpu.secondsSince(cpu0) - nestedCpu(result));
            } catch (AnalysisCancelledException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                // a broken stage is recorded and the run goes on; OutOfMemoryError and friends still propagate
                progress.report(name, 1, "failed");
                outcome = StageOutcome.<R>failed(name, describeError(e), seconds(t0))
                        .withCpu(StageCpu.secondsSince(cpu0));
            }
        }
        stages.record(outcome);
        return outcome;
    }

    /** CPU already recorded by a stage nested in this one (the emotion track inside the emotion stage). */
    private static double nestedCpu(Object result) {
        if (result instanceof EmotionOutput o && o.track().cpuSeconds() != null) {
            return o.track().cpuSeconds();
        }
        return 0;
    }

    static String describeError(Throwable e) {
        if (e instanceof EmotraceException ee) {
            return ee.describe();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static <T> List<T> sameSize(List<T> results, List<Segment> units, String what) throws EmotraceException {
        if (results == null || results.size() != units.size()) {
            throw new EmotraceException("stage.contract", "expected " + units.size() + " " + what + ", got "
                    + (results == null ? "null" : results.size()));
        }
        return results;
    }

    private static List<AnalysisResult.Speaker> speakers(StageOutcome<DiarizationResult> dia) {
        if (!dia.isOk()) {
            return List.of();
        }
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (String id : dia.result().speakers()) {
            totals.put(id, new double[2]);
        }
        for (SpeakerTurn t : dia.result().exclusive()) {
            double[] acc = totals.get(t.speaker());
            acc[0] += t.duration();
            acc[1] += 1;
        }
        List<AnalysisResult.Speaker> out = new ArrayList<>();
        totals.forEach((id, acc) -> out.add(new AnalysisResult.Speaker(id, acc[0], (int) acc[1])));
        return out;
    }

    private static String decoderName(AudioDecoder decoder, AudioInfo info) {
        return decoder.getClass().getSimpleName() + ": " + info.container() + "/" + info.codec() + " "
                + info.sampleRate() + " Hz x" + info.channels() + " -> 16000 Hz mono";
    }

    private static String sha256(Path file, ProgressListener progress) throws IOException, AnalysisCancelledException {
        MessageDigest md = Digests.sha256();
        long total = Math.max(1, Files.size(file));
        long done = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                md.update(buf, 0, r);
                done += r;
                progress.checkCancelled();
                progress.report(DECODE, 0, String.format("hashing input %.0f%%", 100.0 * done / total));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Closes the engines when this pipeline made them itself. */
    @Override
    public void close() {
        if (ownsEngines) {
            engines.close();
        }
    }

    /** Lets a caller that only needs samples (tests, tools) read processed audio the same way the stages do. */
    public static AudioSource openProcessed(Path runDirectory) throws UnsupportedAudioException {
        return WavFileSource.open(runDirectory.resolve(PROCESSED_AUDIO));
    }
}
