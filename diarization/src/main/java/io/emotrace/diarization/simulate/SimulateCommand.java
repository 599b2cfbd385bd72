package io.emotrace.diarization.simulate;

import io.emotrace.cli.CliCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./emotrace simulate}: builds meetings with a known reference from the single-speaker corpora. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Build multi-speaker meetings from the single-speaker corpora.",
                "Per meeting: meeting_XXX.wav (16 kHz mono PCM16),",
                "meeting_XXX.rttm (reference turns, overlap included),",
                "meeting_XXX.json (segments: speaker, source, emotion, text, gain);",
                "plus manifest.json. Same seed, same bytes."})
public final class SimulateCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--count", defaultValue = "1", description = "Number of meetings (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Master seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", description = "Folder with the corpora (default: $EMOTRACE_SHARED/data).")
    Path data;

    @Option(names = "--corpora", split = ",", defaultValue = "ravdess,casia,urdu,librispeech",
            description = "Corpora to draw speakers from (default ${DEFAULT-VALUE}).")
    List<String> corpora;

    @Option(names = "--speakers", defaultValue = "2..4", description = "Speakers per meeting, N or MIN..MAX "
            + "(default ${DEFAULT-VALUE}).")
    String speakers;

    @Option(names = "--only-speakers", split = ",", description = "Use only these speaker ids.")
    List<String> onlySpeakers = new ArrayList<>();

    @Option(names = "--speaker-list", description = "File with the speaker ids to use, one per line (# comments).")
    Path speakerList;

    @Option(names = "--exclude-speakers", split = ",", description = "Never use these speaker ids.")
    List<String> excludeSpeakers = new ArrayList<>();

    @Option(names = "--exclude-speaker-list", description = "File with speaker ids never to use, one per line.")
    Path excludeSpeakerList;

    @Option(names = "--utterances-per-turn", defaultValue = "1..3",
            description = "Utterances per speaker turn, N or MIN..MAX (default ${DEFAULT-VALUE}).")
    String utterancesPerTurn;

    @Option(names = "--pause-min", defaultValue = "0.2", description = "Shortest pause between turns, s.")
    double pauseMin;

    @Option(names = "--pause-mean", defaultValue = "0.7",
            description = "Mean pause between turns, s: min + exponential(mean - min), clipped at max.")
    double pauseMean;

    @Option(names = "--pause-max", defaultValue = "3.0", description = "Longest pause between turns, s.")
    double pauseMax;

    @Option(names = "--gap", defaultValue = "0.25", description = "Gap between utterances of one turn, s.")
    double gap;

    @Option(names = "--overlap-ratio", defaultValue = "0.2",
            description = "Fraction of turns that start before the previous turn ends (default ${DEFAULT-VALUE}).")
    double overlapRatio;

    @Option(names = "--overlap-seconds", defaultValue = "0.3..1.5",
            description = "Overlap length range, s (capped at half of either turn).")
    String overlapSeconds;

    @Option(names = "--noise", defaultValue = "none", description = "Background noise: none, white, pink "
            + "(1/f), babble (utterances of eligible speakers not in the meeting). Default ${DEFAULT-VALUE}.")
    String noise;

    @Option(names = "--noise-snr", defaultValue = "20", description = "Speech-to-noise ratio in dB (default "
            + "${DEFAULT-VALUE}), against the speech power inside the reference regions.")
    Double noiseSnr;

    @Option(names = "--level-db-range", defaultValue = "6",
            description = "Per-speaker levels uniform in [-R/2, +R/2] dB (default ${DEFAULT-VALUE}).")
    double levelDbRange;

    @Option(names = "--duration", defaultValue = "60", description = "Target meeting length, s (default "
            + "${DEFAULT-VALUE}).")
    double duration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        MeetingConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            stderr.println("emotrace simulate: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            // an unreadable --speaker-list is bad input: a message, not a stack trace
            stderr.println("emotrace simulate: cannot read speaker list: " + e);
            return 2;
        }
        try {
            MeetingSimulator sim = MeetingSimulator.create(config);
            if (!sim.unknownListedSpeakers().isEmpty()) {
                stderr.println("emotrace simulate: warning: listed speaker ids not in " + config.corpora() + ": "
                        + sim.unknownListedSpeakers());
            }
            stdout.printf(Locale.ROOT, "%d eligible speakers from %s; writing %d meetings to %s%n",
                    sim.eligibleSpeakers().size(), config.corpora(), config.count(), out.toAbsolutePath());
            MeetingWriter.writeAll(sim, out, m -> stdout.printf(Locale.ROOT,
                    "%s  %6.1f s  %d speakers  %3d segments  %3d turns  overlap %.2f  %s%n", m.id(),
                    m.durationSeconds(), m.speakers().size(), m.segments().size(), m.turns(), m.overlapRatio(),
                    String.join(",", m.speakers())));
        } catch (SimulationException e) {
            stderr.println("emotrace simulate: error " + e.describe());
            return 1;
        }
        stdout.println("manifest: " + out.resolve("manifest.json").toAbsolutePath());
        stdout.flush();
        return 0;
    }

    MeetingConfig config() throws IOException {
        int[] spk = intRange(speakers, "--speakers");
        int[] upt = intRange(utterancesPerTurn, "--utterances-per-turn");
        double[] ov = doubleRange(overlapSeconds, "--overlap-seconds");
        NoiseType type;
        try {
            type = NoiseType.valueOf(noise.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--noise must be none, white, pink or babble, not '" + noise + "'");
        }
        Set<String> only = new TreeSet<>(onlySpeakers);
        if (speakerList != null) {
            only.addAll(readList(speakerList));
        }
        Set<String> excluded = new TreeSet<>(excludeSpeakers);
        if (excludeSpeakerList != null) {
            excluded.addAll(readList(excludeSpeakerList));
        }
        MeetingConfig.Builder b = MeetingConfig.builder().corpora(corpora).onlySpeakers(only)
                .excludeSpeakers(excluded).count(count).seed(seed).speakers(spk[0], spk[1])
                .utterancesPerTurn(upt[0], upt[1]).pauseSeconds(pauseMin, pauseMean, pauseMax)
                .intraTurnGapSeconds(gap).overlapRatio(overlapRatio).overlapSeconds(ov[0], ov[1])
                .noise(type, noiseSnr).levelDbRange(levelDbRange).durationSeconds(duration);
        if (data != null) {
            b.dataRoot(data);
        }
        return b.build();
    }

    static List<String> readList(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String s = line.replaceFirst("#.*", "").trim();
            if (!s.isEmpty()) {
                ids.add(s);
            }
        }
        return ids;
    }

    static int[] intRange(String s, String option) {
        double[] r = doubleRange(s, option);
        if (r[0] != Math.rint(r[0]) || r[1] != Math.rint(r[1])) {
            throw new IllegalArgumentException(option + " needs whole numbers: " + s);
        }
        return new int[] {(int) r[0], (int) r[1]};
    }

    static double[] doubleRange(String s, String option) {
        String[] parts = s.trim().split("\\.\\.", -1);
        try {
            if (parts.length == 1) {
                double v = Double.parseDouble(parts[0].trim());
                return new double[] {v, v};
            }
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be N or MIN..MAX, not '" + s + "'");
    }
}
