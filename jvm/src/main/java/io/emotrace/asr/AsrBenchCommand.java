package io.emotrace.asr;

import io.emotrace.SharedData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioStream;
import io.emotrace.cli.CliCommand;
import io.emotrace.EmotraceException;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.domain.Transcript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emotrace bench asr}: word error rate and real-time factor on {@code ../shared/data/asr}
 * ({@code transcripts.tsv}: file, transcript). Both sides are normalised the same way ({@link TextNormalizer});
 * WER totals are corpus-level (all errors / all reference words), for the read speech (audiobook) and the short
 * commands ({@code NNN.wav}) separately and together.
 */
@Command(name = "asr", mixinStandardHelpOptions = true,
        description = "WER and real-time factor of the ASR on data/asr (target: <= 15%% WER on the read speech).")
public final class AsrBenchCommand implements CliCommand, Callable<Integer> {
    static final double TARGET_READ_WER = 0.15;

    @Option(names = "--data", paramLabel = "DIR", description = "folder with transcripts.tsv and the audio "
            + "(default: $EMOTRACE_SHARED/data/asr)")
    Path data;

    @Mixin
    AsrModelOptions asrModel;

    @Option(names = "--limit", description = "only the first N utterances (smoke run)")
    int limit = Integer.MAX_VALUE;

    @Spec
    CommandSpec spec;

    @Override
    public String parent() {
        return "bench";
    }

    /** One line of transcripts.tsv. */
    record Utterance(String file, String reference) {
        boolean isCommand() {
            return file.matches("\\d+\\.[A-Za-z0-9]+");
        }
    }

    static List<Utterance> readTranscripts(Path tsv) throws IOException {
        List<Utterance> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("file\t"))) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new IOException(tsv + ":" + (i + 1) + ": expected FILE<TAB>TRANSCRIPT");
            }
            out.add(new Utterance(line.substring(0, tab).trim(), line.substring(tab + 1).trim()));
        }
        return out;
    }

    private static Map<String, WordErrorRate> ordered(Map<String, WordErrorRate> totals) {
        Map<String, WordErrorRate> out = new LinkedHashMap<>();
        for (String k : List.of("read speech", "commands", "all")) {
            if (totals.containsKey(k)) {
                out.put(k, totals.get(k));
            }
        }
        return out;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (limit < 1) {
            err.println("emotrace bench asr: --limit must be >= 1");
            return 2;
        }
        Path dir = data != null ? data : SharedData.root().resolve("data/asr");
        Path tsv = dir.resolve("transcripts.tsv");
        try {
            if (!Files.isRegularFile(tsv)) {
                throw new EmotraceException("bench.data_missing", tsv + " not found (set EMOTRACE_SHARED or --data)");
            }
            List<Utterance> utts = readTranscripts(tsv);
            utts = utts.subList(0, Math.min(limit, utts.size()));
            AudioDecoder decoder = StageCatalog.fromClasspath().decoder();
            long t0 = System.nanoTime();
            try (Asr asr = asrModel.choice().open()) {
                double load = (System.nanoTime() - t0) / 1e9;
                TextNormalizer norm = TextNormalizer.forLanguage(asr.language());
                out.println("model: " + asr.describe());
                out.printf(Locale.ROOT, "model load: %.2f s; one recognizer, one thread; RTF = recognition time / audio time%n%n", load);
                out.printf(Locale.ROOT, "%-48s %5s %3s %3s %3s %7s %6s  %s%n", "file", "words", "S", "D", "I", "WER", "RTF",
                        "hypothesis (normalised)");
                Map<String, WordErrorRate> totals = new LinkedHashMap<>();
                Map<String, double[]> times = new LinkedHashMap<>();
                for (Utterance u : utts) {
                    float[] samples = decoder.decodeAll(dir.resolve(u.file()));
                    ArrayAudioSource audio = new ArrayAudioSource(samples, AudioStream.SAMPLE_RATE);
                    long s0 = System.nanoTime();
                    Transcript t = asr.transcribe(audio, 0, audio.durationSeconds());
                    double secs = (System.nanoTime() - s0) / 1e9;
                    List<String> hyp = norm.words(t.text());
                    WordErrorRate w = WordErrorRate.align(norm.words(u.reference()), hyp);
                    out.printf(Locale.ROOT, "%-48s %5d %3d %3d %3d %6.1f%% %6.3f  %s%n", u.file(), w.referenceWords(),
                            w.substitutions(), w.deletions(), w.insertions(), 100 * w.rate(), secs / audio.durationSeconds(),
                            String.join(" ", hyp));
                    for (String group : List.of(u.isCommand() ? "commands" : "read speech", "all")) {
                        totals.merge(group, w, WordErrorRate::plus);
                        double[] acc = times.computeIfAbsent(group, k -> new double[2]);
                        acc[0] += secs;
                        acc[1] += audio.durationSeconds();
                    }
                }
                out.println();
                for (Map.Entry<String, WordErrorRate> e : ordered(totals).entrySet()) {
                    WordErrorRate w = e.getValue();
                    double[] tm = times.get(e.getKey());
                    out.printf(Locale.ROOT, "%-12s WER %5.1f%% (%d errors / %d words: S %d, D %d, I %d), RTF %.3f over %.1f s%n",
                            e.getKey(), 100 * w.rate(), w.errors(), w.referenceWords(), w.substitutions(), w.deletions(),
                            w.insertions(), tm[0] / tm[1], tm[1]);
                }
                WordErrorRate read = totals.get("read speech");
                if (read != null) {
                    out.printf(Locale.ROOT, "target: WER <= %.0f%% on the read speech: %s%n", 100 * TARGET_READ_WER,
                            read.rate() <= TARGET_READ_WER ? "met" : "NOT met");
                }
            }
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace bench asr: error " + e.describe());
            return 1;
        } catch (IOException e) {
            err.println("emotrace bench asr: error [io] " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
