package io.emotrace.cli;

import io.emotrace.EmotraceException;
import io.emotrace.asr.AsrModelChoice;
import io.emotrace.asr.AsrModelOptions;
import io.emotrace.asr.VoskTranscriberFactory;
import io.emotrace.domain.StageStatus;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.RunDirectory;
import io.emotrace.pipeline.AnalysisListener;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.AnalysisRun;
import io.emotrace.pipeline.RunOptions;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.sample.SampleMeeting;
import io.emotrace.speakers.SpeakerDirectory;
import io.emotrace.speakers.SpeakerMatcher;
import io.emotrace.speakers.SpeakerNamer;
import io.emotrace.speakers.SpeakerThreshold;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./emotrace analyze FILE... [--out DIR] [--sample]}: full analysis, one file after another. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyse recordings: decode -> VAD -> diarization -> emotion -> ASR -> rules.",
                "Writes DIR/<name>_<YYYYMMDD_HHMMSS>/ with processed_audio.wav and result.json per file.",
                "Stages without an implementation or model are reported as unavailable, never faked."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file analysed, no stage failed", "1:at least one file could not be analysed",
                "2:bad command line", "4:every file analysed, but a stage failed in at least one"})
public final class AnalyzeCommand implements CliCommand, Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "audio or video files (any FFmpeg format)")
    List<Path> files = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "outputs",
            description = "where run directories go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--sample", description = "also analyse the built-in sample meeting (synthesised with "
            + "espeak-ng on first use into $EMOTRACE_CACHE/sample, default ~/.cache/emotrace/sample)")
    boolean sample;

    @Option(names = "--speakers-db", paramLabel = "DIR",
            description = "enrolled voices (./emotrace speakers enroll) that name matching speakers; default "
                    + "$EMOTRACE_SPEAKERS_DB, else $XDG_DATA_HOME/emotrace/speakers or ~/.local/share/emotrace/speakers. "
                    + "Unknown voices stay S1, S2, ...")
    Path speakersDb;

    @Option(names = "--speaker-threshold", paramLabel = "COS",
            description = "cosine similarity a voice needs to get an enrolled name, whatever its amount of speech "
                    + "(default: the calibrated threshold, which depends on the speaker's seconds of speech)")
    Double speakerThreshold;

    @Mixin
    ProgressOptions progress;

    @Mixin
    AsrModelOptions asrModel;

    @Spec
    CommandSpec spec;

    private final Supplier<StageCatalog> catalogs;

    public AnalyzeCommand() {
        this(StageCatalog::fromClasspath);
    }

    AnalyzeCommand(Supplier<StageCatalog> catalogs) {
        this.catalogs = catalogs;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (files.isEmpty() && !sample) {
            stderr.println("emotrace analyze: give at least one FILE, or --sample");
            spec.commandLine().usage(stderr);
            return 2;
        }
        List<Path> abandoned = RunDirectory.deleteAbandoned(out, Instant.now().minus(RunDirectory.ABANDONED_AFTER));
        if (!abandoned.isEmpty()) {
            stderr.println("emotrace analyze: removed " + abandoned.size() + " unfinished run folder(s) older than a day"
                    + " (a crash left them) from " + out);
        }
        StageCatalog catalog = catalogs.get();
        if (asrModel.given()) {
            AsrModelChoice choice = asrModel.choice();
            String problem = choice.problem();
            if (problem != null) {
                // a model the user named explicitly is checked up front instead of silently skipping ASR
                stderr.println("emotrace analyze: --asr-model: " + problem);
                return 2;
            }
            catalog = catalog.withTranscribers(List.of(new VoskTranscriberFactory(choice)));
        }
        if (speakerThreshold != null && !(speakerThreshold >= -1 && speakerThreshold <= 1)) {
            stderr.println("emotrace analyze: --speaker-threshold: a cosine similarity in [-1, 1], not " + speakerThreshold);
            return 2;
        }
        SpeakerNamer namer = SpeakerNamer.NONE;
        Path db = speakersDb != null ? speakersDb : SpeakerDirectory.defaultDir();
        try {
            SpeakerDirectory dir = new SpeakerDirectory(db);
            int voices = dir.voices().size();
            if (voices > 0) {
                SpeakerThreshold th = speakerThreshold != null ? SpeakerThreshold.fixed(speakerThreshold)
                        : SpeakerMatcher.DEFAULT_THRESHOLD;
                namer = dir.namer(th);
                stderr.println("emotrace analyze: " + voices + " enrolled voice(s) in " + dir.dir()
                        + " name matching speakers (threshold " + th + ")");
            } else if (speakersDb != null) {
                stderr.println("emotrace analyze: no enrolled voices in " + dir.dir() + "; speakers stay S1, S2, ...");
            }
        } catch (EmotraceException e) {
            stderr.println("emotrace analyze: --speakers-db: " + e.describe());
            return 2;
        }
        List<Path> inputs = new ArrayList<>();
        int failedFiles = 0;
        Path sampleWav = null;
        if (sample) {
            try {
                stderr.println("emotrace: preparing the sample meeting (espeak-ng) in " + SampleMeeting.defaultCacheDir());
                stderr.flush();
                sampleWav = SampleMeeting.ensure(SampleMeeting.defaultCacheDir());
                inputs.add(sampleWav);
            } catch (EmotraceException e) {
                report(stderr, "sample meeting", e);
                failedFiles++;
            }
        }
        inputs.addAll(files);
        boolean stageFailed = false;
        // one engine set for every file of the command: each model loads once, and is closed at the end
        try (AnalysisPipeline pipeline = new AnalysisPipeline(catalog)) {
            for (Path input : inputs) {
                stdout.println("== " + input);
                stdout.flush();
                ConsoleProgress bar = progress.bar(stderr);
                try {
                    AnalysisRun run;
                    try {
                        run = pipeline.run(input, out, RunOptions.of(AnalysisListener.progress(progress.listener(bar)))
                                .withSpeakerNamer(namer));
                    } finally {
                        bar.finish();
                    }
                    summarize(stdout, run);
                    if (input.equals(sampleWav)) {
                        stdout.println("   " + SampleCheck.describe(sampleWav.resolveSibling(SampleMeeting.RTTM), run));
                    }
                    stageFailed |= run.result().stages().stream().anyMatch(s -> s.status() == StageStatus.FAILED);
                } catch (EmotraceException e) {
                    report(stderr, input.toString(), e);
                    failedFiles++;
                } catch (RuntimeException e) {
                    // a bug must not stop the remaining files; it is still reported as what it is
                    stderr.println("emotrace analyze: " + input + ": internal error: " + e);
                    failedFiles++;
                }
            }
        }
        stdout.flush();
        stderr.flush();
        if (failedFiles > 0) {
            stderr.println("emotrace analyze: " + failedFiles + " of " + (files.size() + (sample ? 1 : 0))
                    + " input(s) failed");
            return 1;
        }
        return stageFailed ? 4 : 0;
    }

    private static void report(PrintWriter err, String what, EmotraceException e) {
        err.println("emotrace analyze: " + what + ": error " + e.describe());
        err.flush();
    }

    private static void summarize(PrintWriter out, AnalysisRun run) {
        AnalysisResult r = run.result();
        out.println("   output: " + run.directory());
        out.printf(Locale.ROOT, "   audio:  %.1f s, %s/%s %d Hz x%d -> %d Hz mono%n", r.processedAudio().durationSeconds(),
                r.input().container(), r.input().codec(), r.input().sampleRate(), r.input().channels(),
                r.processedAudio().sampleRate());
        for (AnalysisResult.Stage s : r.stages()) {
            out.printf(Locale.ROOT, "   %-13s %-12s %7.2f s  %s%n", s.name(), s.status().json(), s.elapsedSeconds(),
                    s.detail() == null ? "" : s.detail());
        }
        out.printf(Locale.ROOT, "   speech regions: %d, speakers: %s, segments: %d, flags: %d%n", r.speech().size(),
                r.speakerCount() == null ? Integer.toString(r.speakers().size()) : r.speakerCount().describe(),
                r.segments().size(), r.flags().size());
        io.emotrace.domain.TurnTally sure = new io.emotrace.domain.TurnTally();
        r.segments().forEach(seg -> sure.add(seg.end() - seg.start(), seg.speakerConfidence()));
        if (sure.meanConfidence() != null) {
            out.printf(Locale.ROOT, "   speaker less than %.0f %% sure: %.1f of %.1f s of segments%n",
                    100 * io.emotrace.domain.SpeakerTurn.UNSURE, sure.unsureSeconds(), sure.secondsWithConfidence());
        }
        for (AnalysisResult.Speaker s : r.speakers()) {
            if (s.name() != null) {
                out.printf(Locale.ROOT, "   %s is %s (similarity %.2f)%n", s.id(), s.name(),
                        s.nameScore() == null ? Double.NaN : s.nameScore());
            }
        }
        out.flush();
    }
}
