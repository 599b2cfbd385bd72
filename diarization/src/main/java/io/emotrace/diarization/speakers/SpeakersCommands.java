package io.emotrace.diarization.speakers;

import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.cli.CliCommand;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.pipeline.DiarizationSettings;
import io.emotrace.diarization.pipeline.SpeakerDiarizerFactory;
import io.emotrace.output.ResultJson;
import io.emotrace.speakers.SpeakerDirectory;
import io.emotrace.speakers.Voiceprint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./emotrace speakers enroll|list|delete}: the enrolled voices (personal data, kept in one folder). */
public final class SpeakersCommands {
    private SpeakersCommands() {
    }

    /** The database option every subcommand shares. */
    static class Db {
        @Option(names = "--db", paramLabel = "DIR", description = "speakers database (default: $EMOTRACE_SPEAKERS_DB, "
                + "else $XDG_DATA_HOME/emotrace/speakers or ~/.local/share/emotrace/speakers; the folder analyze "
                + "--speakers-db reads)")
        Path db;

        SpeakerDirectory directory() {
            return new SpeakerDirectory(db != null ? db : SpeakerDirectory.defaultDir());
        }
    }

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = {"Enrol a voice under NAME from one or more recordings of that person alone, or from a",
                    "speaker of an analysed recording (--from-run RUN_DIR --speaker S2: \"this is Alice\").",
                    "The speech is embedded with the diarizer's speaker embedder and averaged into a voiceprint;",
                    "enrolling an existing name adds the audio to its voiceprint. 30 s of speech or more is best."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:enrolled", "1:audio or database error", "2:bad command line"})
    public static final class Enroll implements CliCommand, Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the person's name (1-64 characters)")
        String name;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE", description = "audio or video files")
        List<Path> files = new ArrayList<>();

        @Option(names = "--from-run", paramLabel = "RUN_DIR", description = "enrol a speaker of an analysed recording "
                + "instead (\"this is Alice\"): its voice embedding RUN_DIR/embeddings/<--speaker>.npy")
        Path fromRun;

        @Option(names = "--speaker", paramLabel = "ID", description = "with --from-run: the speaker (S1, S2, ...)")
        String speaker;

        @Option(names = "--embedder", paramLabel = "NAME", description = "speaker-embedding provider (default: the "
                + "one the diarizer uses, the first available; voices are only compared with embeddings of their own)")
        String embedder;

        @CommandLine.Mixin
        Db db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public String parent() {
            return "speakers";
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                SpeakerDirectory.checkName(name);
            } catch (IllegalArgumentException e) {
                err.println("emotrace speakers enroll: " + e.getMessage());
                return 2;
            }
            if ((fromRun == null) == files.isEmpty() || (fromRun != null) != (speaker != null)) {
                err.println("emotrace speakers enroll: give FILE... or --from-run RUN_DIR --speaker ID (not both)");
                return 2;
            }
            if (fromRun != null) {
                return enrollFromRun(this, out, err);
            }
            FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
            List<float[]> speech = new ArrayList<>();
            try {
                for (Path f : files) {
                    float[] s = VoiceEmbedding.speechOnly(decoder.decodeAll(f));
                    out.printf(Locale.ROOT, "%s: %.1f s of speech%n", f, s.length / 16_000.0);
                    speech.add(s);
                }
                try (SpeakerEmbedder emb = new SpeakerDiarizerFactory(DiarizationSettings.defaults(), SpeakerCount.AUTO,
                        embedder, null).embedderFactory().create()) {
                    VoiceEmbedding.Pieces p = VoiceEmbedding.embed(emb, speech);
                    Voiceprint v = db.directory().enroll(name, p.embeddings(), p.seconds(), emb.name());
                    out.printf(Locale.ROOT, "enrolled %s (id %s): %.1f s of speech in %d pieces in total, in %s%n",
                            v.name(), v.id(), v.speechSeconds(), v.clips(), db.directory().dir());
                    if (v.speechSeconds() < 30) {
                        out.println("note: under 30 s of speech; identification is more reliable with more");
                    }
                }
                return 0;
            } catch (EmotraceException e) {
                err.println("emotrace speakers enroll: error " + e.describe());
                return 1;
            }
        }
    }

    /** The voice of one speaker of an analysed run, weighed by its talk time in that run. */
    static int enrollFromRun(Enroll e, PrintWriter out, PrintWriter err) {
        if (!e.speaker.matches("[A-Za-z0-9_-]{1,64}")) {
            err.println("emotrace speakers enroll: --speaker must be an id such as S1");
            return 2;
        }
        Path npy = e.fromRun.resolve("embeddings").resolve(e.speaker + ".npy");
        Path json = e.fromRun.resolve(io.emotrace.output.ResultJson.FILE_NAME);
        try {
            if (!java.nio.file.Files.isRegularFile(npy) || !java.nio.file.Files.isRegularFile(json)) {
                err.println("emotrace speakers enroll: " + e.fromRun + " has no result.json or no voice embedding for "
                        + e.speaker + " (embeddings/" + e.speaker + ".npy is written when diarization ran)");
                return 1;
            }
            io.emotrace.output.AnalysisResult r = io.emotrace.output.ResultJson.read(json);
            double seconds = r.speakers().stream().filter(x -> x.id().equals(e.speaker))
                    .mapToDouble(io.emotrace.output.AnalysisResult.Speaker::speakingSeconds).findFirst().orElse(0);
            float[] v = io.emotrace.output.NpyReader.read(npy).data();
            String embedder;
            try (SpeakerEmbedder emb = new SpeakerDiarizerFactory(DiarizationSettings.defaults(), SpeakerCount.AUTO,
                    e.embedder, null).embedderFactory().create()) {
                if (emb.dim() != v.length) {
                    err.println("emotrace speakers enroll: the run's embedding is " + v.length + "-D, the embedder "
                            + emb.name() + " makes " + emb.dim() + "-D ones: analysed with another embedder");
                    return 1;
                }
                embedder = emb.name();
            }
            Voiceprint vp = e.db.directory().enrollVector(e.name, v, seconds, embedder);
            out.printf(Locale.ROOT, "enrolled %s (id %s) from %s of %s (%.1f s of talk); %.1f s of speech in total, in %s%n",
                    vp.name(), vp.id(), e.speaker, e.fromRun, seconds, vp.speechSeconds(), e.db.directory().dir());
            return 0;
        } catch (java.io.IOException ex) {
            err.println("emotrace speakers enroll: cannot read " + e.fromRun + ": " + ex.getMessage());
            return 1;
        } catch (EmotraceException ex) {
            err.println("emotrace speakers enroll: error " + ex.describe());
            return 1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the enrolled voices (names, amount of speech, dates; never the voiceprints).")
    public static final class ListVoices implements CliCommand, Callable<Integer> {
        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;

        @CommandLine.Mixin
        Db db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public String parent() {
            return "speakers";
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try {
                SpeakerDirectory dir = db.directory();
                List<Voiceprint.Summary> voices = dir.voices().stream().map(Voiceprint::summary).toList();
                if (json) {
                    out.println(ResultJson.mapper().writeValueAsString(voices));
                } else {
                    out.println(voices.size() + " enrolled voice(s) in " + dir.dir());
                    for (Voiceprint.Summary v : voices) {
                        out.printf(Locale.ROOT, "  %-24s %-34s %6.1f s  %s  updated %s%n", v.name(), v.id(),
                                v.speechSeconds(), v.embedder(), v.updated());
                    }
                }
                return 0;
            } catch (EmotraceException e) {
                spec.commandLine().getErr().println("emotrace speakers list: error " + e.describe());
                return 1;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete enrolled voices by name or id: their files are removed from the database folder.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every voice deleted", "1:database error", "3:a name or id is not enrolled"})
    public static final class Delete implements CliCommand, Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "names or ids")
        List<String> names = new ArrayList<>();

        @CommandLine.Mixin
        Db db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public String parent() {
            return "speakers";
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int missing = 0;
            try {
                for (String n : names) {
                    Optional<Voiceprint.Summary> d = db.directory().delete(n);
                    if (d.isPresent()) {
                        out.println("deleted " + d.get().name() + " (" + d.get().id() + ")");
                    } else {
                        err.println("emotrace speakers delete: no enrolled voice '" + n + "'");
                        missing++;
                    }
                }
            } catch (EmotraceException e) {
                err.println("emotrace speakers delete: error " + e.describe());
                return 1;
            }
            return missing > 0 ? 3 : 0;
        }
    }
}
