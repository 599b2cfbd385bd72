package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioInfo;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.MappedAudio;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.audio.WavFileSource;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.EmotraceVersion;
import io.emotrace.output.OutputWriter;
import io.emotrace.output.RunDirectory;
import io.emotrace.output.SpeakerTimeline;
import io.emotrace.output.SpeakerTimelines;
import io.emotrace.vad.SpeechRegion;
import io.emotrace.vad.VoiceActivityDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * Runs decode → VAD → diarization → emotion → ASR → rules → outputs for one file. Decoding streams straight
 * into {@code processed_audio.wav}; later stages read that file through a memory-mapped {@link WavFileSource},
 * so the heap never holds the whole recording. Each stage is recorded as ok, unavailable (with its provider's
 * reason) or failed (with the error); one stage failing or missing does not stop the others. Only a file that
 * cannot be decoded, or outputs that cannot be written, fail the whole run, and then nothing is published.
 */
public final class AnalysisPipeline {
    public static final String DECODE = "decode";
    public static final String VAD = "vad";
    public static final String DIARIZATION = "diarization";
    public static final String EMOTION = "emotion";
    public static final String EMOTION_TRACK = "emotion-track";
    public static final String ASR = "asr";
    public static final String RULES = "rules";
    public static final String OUTPUTS = "outputs";
    public static final String PROCESSED_AUDIO = "processed_audio.wav";

    private final StageCatalog catalog;
    private final List<OutputWriter> writers;
    private final Clock clock;

    public AnalysisPipeline(StageCatalog catalog) {
        this(catalog, OutputWriter.ALL, Clock.systemDefaultZone());
    }

    public AnalysisPipeline(StageCatalog catalog, List<OutputWriter> writers, Clock clock) {
        this.catalog = catalog;
        this.writers = List.copyOf(writers);
        this.clock = clock;
    }

    /** Analyses {@code input} and publishes {@code <outputsRoot>/<name>_<YYYYMMDD_HHMMSS>/}. */
    public AnalysisRun run(Path input, Path outputsRoot, ProgressListener listener) throws EmotraceException {
        ProgressListener progress = new ThrottledProgress(listener, 100);
        MappedAudio.checkInput(input);
        AudioDecoder decoder = catalog.decoder();
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
            List<AnalysisResult.Stage> stages = new ArrayList<>();
            Path wav = run.work().resolve(PROCESSED_AUDIO);
            long t0 = System.nanoTime();
            AnalysisResult result;
            try (MappedAudio audio = MappedAudio.decode(decoder, input, wav, progress)) {
                stages.add(new AnalysisResult.Stage(DECODE, StageStatus.OK, decoderName(decoder, audio.info()),
                        seconds(t0)));
                result = analyze(input, size, sha256, audio.info(), audio.source(), stages, progress);
            }
            progress.report(OUTPUTS, 0, "writing outputs");
            for (OutputWriter w : writers) {
                w.write(run.work(), result);
            }
            Path published = run.commit();
            progress.report(OUTPUTS, 1, "written " + published);
            return new AnalysisRun(published, result);
        } catch (IOException e) {
            throw new EmotraceException("output.write_failed", "cannot write outputs under " + outputsRoot + ": "
                    + e.getMessage(), e);
        }
    }

    private AnalysisResult analyze(Path input, long size, String sha256, AudioInfo info, WavFileSource audio,
                                   List<AnalysisResult.Stage> stages, ProgressListener progress) {
        StageOutcome<List<SpeechRegion>> vad = runStage(VAD, catalog.vad(), null,
                d -> d.detect(audio), VoiceActivityDetector::describe, progress);
        List<SpeechRegion> speech = vad.isOk() ? vad.result() : null;

        StageOutcome<DiarizationResult> dia = runStage(DIARIZATION, catalog.diarizer(), null,
                d -> d.diarize(audio, speech, progress).withCanonicalIds(), Diarizer::describe, progress);

        SegmentSelection selection = SegmentSelection.choose(dia.isOk() ? dia.result() : null, speech);
        List<Segment> units = selection.segments();
        String noUnits = selection.skipReason();
        StageOutcome<EmotionOutput> emo = runStage(EMOTION, catalog.emotion(), noUnits,
                r -> recognizeAndTrack(r, audio, units, progress), EmotionRecognizer::describe, progress);
        StageOutcome<EmotionTracks> track = emo.isOk() ? emo.result().track()
                : StageOutcome.unavailable(EMOTION_TRACK, "skipped: needs the emotion stage");
        StageOutcome<List<Transcript>> asr = runStage(ASR, catalog.transcriber(), noUnits,
                t -> sameSize(t.transcribe(audio, units, progress), units, "transcripts"),
                Transcriber::describe, progress);

        List<AnalyzedSegment> segments = new ArrayList<>();
        if (dia.isOk() || emo.isOk() || asr.isOk()) {
            for (int i = 0; i < units.size(); i++) {
                Segment u = units.get(i);
                Transcript tr = asr.isOk() ? asr.result().get(i) : null;
                segments.add(new AnalyzedSegment(u.speaker(), u.start(), u.end(),
                        emo.isOk() ? emo.result().estimates().get(i) : null, tr == null ? null : tr.text(),
                        tr == null ? List.of() : tr.words(), tr == null ? null : tr.language()));
            }
        }
        String noSegments = dia.isOk() || emo.isOk() || asr.isOk() ? null
                : "skipped: no analysed segments (needs diarization, emotion or asr)";
        StageOutcome<List<RuleFlag>> rules = runStage(RULES, catalog.rules(), noSegments,
                e -> e.evaluate(segments, progress), RuleEngine::describe, progress);

        for (StageOutcome<?> o : List.of(vad, dia, emo, track, asr, rules)) {
            stages.add(new AnalysisResult.Stage(o.name(), o.status(), o.detail(), o.elapsedSeconds()));
        }
        List<SpeakerTimeline> timelines = segments.isEmpty() ? List.of()
                : SpeakerTimelines.build(segments, track.isOk() ? track.result() : null);
        String language = asr.isOk() ? segments.stream().map(AnalyzedSegment::language)
                .filter(Objects::nonNull).findFirst().orElse(null) : null;
        double declared = info.durationSeconds();
        return new AnalysisResult(AnalysisResult.SCHEMA_VERSION, EmotraceVersion.get(), clock.instant().toString(),
                new AnalysisResult.Input(input.toAbsolutePath().normalize().toString(), input.getFileName().toString(),
                        size, sha256, info.container(), info.codec(), info.sampleRate(), info.channels(),
                        Double.isFinite(declared) ? declared : null),
                new AnalysisResult.ProcessedAudio(PROCESSED_AUDIO, "pcm_s16le", audio.sampleRate(), audio.length(),
                        audio.durationSeconds()),
                stages, speech == null ? List.of() : speech, speakers(dia), segments,
                rules.isOk() ? rules.result() : List.of(), language,
                dia.isOk() ? dia.result().overlapping() : List.of(), timelines);
    }

    /** Per-segment estimates, and the track as its own outcome: a recognizer without one still gives estimates. */
    private record EmotionOutput(List<EmotionEstimate> estimates, StageOutcome<EmotionTracks> track) {
    }

    private static EmotionOutput recognizeAndTrack(EmotionRecognizer r, AudioSource audio, List<Segment> units,
                                                   ProgressListener progress) throws EmotraceException {
        List<EmotionEstimate> estimates = sameSize(r.recognize(audio, units, progress), units, "emotion estimates");
        long t0 = System.nanoTime();
        StageOutcome<EmotionTracks> track;
        try {
            EmotionTracks t = r.track(audio, units, progress);
            sameSize(t.perSegment(), units, "emotion tracks");
            track = StageOutcome.ok(EMOTION_TRACK, t.settings(), seconds(t0), t);
        } catch (EmotraceException e) {
            track = EmotionRecognizer.NO_TRACK.equals(e.code()) ? StageOutcome.unavailable(EMOTION_TRACK, e.getMessage())
                    : StageOutcome.failed(EMOTION_TRACK, e.describe(), seconds(t0));
        } catch (RuntimeException | LinkageError e) {
            track = StageOutcome.failed(EMOTION_TRACK, describeError(e), seconds(t0));
        }
        return new EmotionOutput(estimates, track);
    }

    @FunctionalInterface
    interface StageCall<E, R> {
        R apply(E engine) throws Exception;
    }

    private static <E extends AutoCloseable, R> StageOutcome<R> runStage(
            String name, StageCatalog.Choice<E> choice, String skipReason, StageCall<E, R> call,
            Function<E, String> describe, ProgressListener progress) {
        if (!choice.available()) {
            progress.report(name, 1, "not available: " + choice.reason());
            return StageOutcome.unavailable(name, choice.reason());
        }
        if (skipReason != null) {
            progress.report(name, 1, skipReason);
            return StageOutcome.unavailable(name, skipReason);
        }
        long t0 = System.nanoTime();
        progress.report(name, 0, "starting " + choice.factory().name());
        try (E engine = choice.factory().create()) {
            R result = call.apply(engine);
            String detail = describe.apply(engine);
            progress.report(name, 1, "done");
            return StageOutcome.ok(name, detail, seconds(t0), result);
        } catch (Exception | LinkageError e) {
            // a broken stage is recorded and the run goes on; OutOfMemoryError and friends still propagate
            progress.report(name, 1, "failed");
            return StageOutcome.failed(name, describeError(e), seconds(t0));
        }
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

    private static String sha256(Path file, ProgressListener progress) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long total = Math.max(1, Files.size(file));
        long done = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                md.update(buf, 0, r);
                done += r;
                progress.report(DECODE, 0, String.format("hashing input %.0f%%", 100.0 * done / total));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Lets a caller that only needs samples (tests, tools) read processed audio the same way the stages do. */
    public static AudioSource openProcessed(Path runDirectory) throws UnsupportedAudioException {
        return WavFileSource.open(runDirectory.resolve(PROCESSED_AUDIO));
    }
}
