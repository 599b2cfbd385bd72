package io.emotrace.asr;

import io.emotrace.SharedData;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.cli.CliCommand;
import io.emotrace.pipeline.StageCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vosk.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotrace bench asr-partial}: the partial-word delay the Vosk recognizer itself imposes, with no service
 * around it. Feeds the read speech and commands of {@code data/asr} (one stream, 1 s of silence between
 * utterances, WER against the transcripts) and AMI meeting excerpts (no transcript: delay only) in chunks of each
 * size, reading the partial hypothesis after every chunk, with partial words (timed) and text only, for the model
 * as shipped and for each {@code --conf} variant of its decoder settings.
 */
@Command(name = "asr-partial", mixinStandardHelpOptions = true,
        description = "Delay from a word's end to its first partial hypothesis, fed to Vosk alone in chunks of "
                + "--chunk-ms, per decoder-setting variant (--conf), with WER on data/asr and CPU per audio second.")
public final class PartialLatencyBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--chunk-ms", split = ",", description = "feed chunk sizes (default ${DEFAULT-VALUE})")
    List<Integer> chunkMs = List.of(100, 200, 500);

    @Option(names = "--conf", description = "a variant: decoder options appended to the model's conf/model.conf, "
            + "space-separated (e.g. '--determinize-max-delay=10'); repeatable; the model as shipped always runs")
    List<String> variants = new ArrayList<>();

    @Option(names = "--meetings", split = ",", description = "AMI excerpts of data/ami-dev (default ${DEFAULT-VALUE})")
    List<String> meetings = List.of("dev00", "dev01", "trn00");

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() throws Exception {
        if (chunkMs.stream().anyMatch(c -> c < 10 || c > 5000)) {
            System.err.println("bench asr-partial: --chunk-ms 10..5000");
            return 2;
        }
        Path asrDir = SharedData.root().resolve("data/asr");
        AudioDecoder decoder = StageCatalog.fromClasspath().decoder();
        TextNormalizer norm = TextNormalizer.english();
        List<float[]> read = new ArrayList<>();
        List<String> reference = new ArrayList<>();
        for (AsrBenchCommand.Utterance u : AsrBenchCommand.readTranscripts(asrDir.resolve("transcripts.tsv"))) {
            read.add(decoder.decodeAll(asrDir.resolve(u.file())));
            read.add(new float[16_000]);
            reference.addAll(norm.words(u.reference()));
        }
        float[] readStream = concat(read);
        List<float[]> ami = new ArrayList<>();
        for (String m : meetings) {
            ami.add(decoder.decodeAll(SharedData.root().resolve("data/ami-dev/" + m + ".flac")));
        }
        Path shipped = VoskModelCache.withDefaults().ensure();
        VoskNative.ensureLoaded();
        System.out.printf(Locale.ROOT, "bench asr-partial: CPU %s; %s; read speech %.1f s (%d reference words), "
                + "AMI %s; delay = first shown - word end (stream time, includes up to one chunk)%n", cpuModel(),
                VoskModelCache.MODEL, readStream.length / 16_000.0, reference.size(), meetings);
        System.out.printf(Locale.ROOT, "%-44s %5s %-5s | %-36s | %-36s | %5s %6s%n", "variant", "chunk", "mode",
                "read speech: n, p50/p90 delay, never partial", "AMI: n, p50/p90 delay, never partial", "WER", "cpu/s");
        List<String> all = new ArrayList<>();
        all.add("");
        all.addAll(variants);
        for (String v : all) {
            Path dir = v.isBlank() ? shipped : overlay(shipped, v);
            try (Model model = new Model(dir.toString())) {
                for (int ms : chunkMs) {
                    for (boolean words : new boolean[] {true, false}) {
                        int chunk = 16 * ms;
                        PartialLatencyProbe.Result r = PartialLatencyProbe.run(model, readStream, chunk, words);
                        List<PartialLatencyProbe.Timed> amiWords = new ArrayList<>();
                        double cpu = r.cpuSeconds();
                        double secs = readStream.length / 16_000.0;
                        for (float[] a : ami) {
                            PartialLatencyProbe.Result m = PartialLatencyProbe.run(model, a, chunk, words);
                            amiWords.addAll(m.words());
                            cpu += m.cpuSeconds();
                            secs += a.length / 16_000.0;
                        }
                        double wer = WordErrorRate.of(reference, norm.words(String.join(" ", r.text())));
                        System.out.printf(Locale.ROOT, "%-44s %5d %-5s | %-36s | %-36s | %4.1f%% %6.3f%n",
                                v.isBlank() ? "(model as shipped)" : v, ms, words ? "words" : "text",
                                summary(r.words()), summary(amiWords), 100 * wer, cpu / secs);
                    }
                }
            }
        }
        return 0;
    }

    private static String summary(List<PartialLatencyProbe.Timed> words) {
        double[] d = words.stream().filter(PartialLatencyProbe.Timed::inPartial)
                .mapToDouble(PartialLatencyProbe.Timed::delay).sorted().toArray();
        long never = words.stream().filter(t -> !t.inPartial()).count();
        return String.format(Locale.ROOT, "%4d, %5.2f / %5.2f s, %d", words.size(), pct(d, 50), pct(d, 90), never);
    }

    static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
    }

    private static float[] concat(List<float[]> parts) {
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int pos = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** The shipped model's files linked into a temporary folder whose conf/model.conf has the extra options. */
    private static Path overlay(Path model, String options) throws IOException {
        Path dir = Files.createTempDirectory("emotrace-vosk-variant");
        try (var s = Files.list(model)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("conf")) {
                    Files.createSymbolicLink(dir.resolve(p.getFileName()), p);
                }
            }
        }
        Files.createDirectories(dir.resolve("conf"));
        try (var s = Files.list(model.resolve("conf"))) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve("conf").resolve(p.getFileName()));
            }
        }
        Files.writeString(dir.resolve("conf/model.conf"), String.join("\n", Arrays.stream(options.trim().split("\\s+"))
                .toList()) + "\n", java.nio.file.StandardOpenOption.APPEND);
        return dir;
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
