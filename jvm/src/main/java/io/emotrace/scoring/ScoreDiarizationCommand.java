package io.emotrace.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.EmotraceException;
import io.emotrace.cli.CliCommand;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemReader;
import io.emotrace.rttm.UemSegment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./emotrace score-diarization REF.rttm HYP.rttm [--uem FILE] [--collar S] [--json]}. */
@Command(name = "score-diarization", mixinStandardHelpOptions = true,
        description = {"Diarization error rate (NIST md-eval definition: overlap scored, optimal one-to-one "
                + "speaker mapping per file) with missed / false alarm / confusion, and JER (dscore).",
                "Without --collar, reports collar 0 and 0.25 s. The collar is removed on each side of every "
                        + "reference boundary (md-eval -c; pyannote's collar is twice this)."})
public final class ScoreDiarizationCommand implements CliCommand, Callable<Integer> {
    static final double[] DEFAULT_COLLARS = {0.0, 0.25};

    @Parameters(index = "0", paramLabel = "REF.rttm", description = "reference RTTM (UTF-8)")
    Path reference;

    @Parameters(index = "1", paramLabel = "HYP.rttm", description = "hypothesis RTTM (UTF-8)")
    Path hypothesis;

    @Option(names = "--uem", paramLabel = "FILE", description = "scored regions: file channel start end")
    Path uem;

    @Option(names = "--collar", paramLabel = "SECONDS",
            description = "no-score zone on each side of reference boundaries (default: report 0 and 0.25)")
    Double collar;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (collar != null && (!(collar >= 0) || collar.isInfinite())) {
            err.println("emotrace score-diarization: --collar must be a number >= 0, got " + collar);
            return 2;
        }
        List<ScoreReport> reports = new ArrayList<>();
        try {
            List<RttmTurn> ref = RttmReader.read(reference);
            if (ref.stream().noneMatch(t -> t.turn().end() > t.turn().start())) { // every rate is over the reference's speech
                throw new EmotraceException("rttm.no_reference_speech", reference
                        + " holds no speaker turn with a duration: the error rates are undefined");
            }
            List<RttmTurn> hyp = RttmReader.read(hypothesis);
            List<UemSegment> scored = uem == null ? null : UemReader.read(uem);
            double[] collars = collar == null ? DEFAULT_COLLARS : new double[] {collar};
            for (double c : collars) {
                reports.add(DiarizationScorer.score(ref, hyp, scored, c));
            }
        } catch (EmotraceException e) {
            err.println("emotrace score-diarization: error " + e.describe());
            return 1;
        }
        for (String w : reports.get(0).warnings()) {
            err.println("warning: " + w);
        }
        if (json) {
            out.println(toJson(reports));
        } else {
            for (ScoreReport r : reports) {
                printTable(out, r);
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    static void printTable(PrintWriter out, ScoreReport r) {
        out.printf(Locale.ROOT, "collar %.3f s%n", r.collar());
        String head = "%-16s %9s %9s %9s %9s %9s %8s %8s %8s %8s %8s%n";
        String row = "%-16s %9.3f %9.3f %9.3f %9.3f %9.3f %8.2f %8.2f %8.2f %8.2f %8.2f%n";
        out.printf(Locale.ROOT, head, "FILE", "SCORED_S", "SPEECH_S", "MISS_S", "FA_S", "CONF_S",
                "MISS%", "FA%", "CONF%", "DER%", "JER%");
        for (FileScore f : r.files()) {
            printRow(out, row, f.fileId(), f.der(), f.jer());
        }
        printRow(out, row, "TOTAL", r.total(), r.jer());
        out.println();
    }

    private static void printRow(PrintWriter out, String fmt, String name, DerComponents c, double jer) {
        double t = c.total() > 0 ? c.total() : Double.NaN;
        out.printf(Locale.ROOT, fmt, name, c.scored(), c.total(), c.missed(), c.falseAlarm(), c.confusion(),
                100 * c.missed() / t, 100 * c.falseAlarm() / t, 100 * c.confusion() / t, 100 * c.der(), 100 * jer);
    }

    static String toJson(List<ScoreReport> reports) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putArray("collars");
        for (ScoreReport r : reports) {
            ObjectNode o = arr.addObject();
            o.put("collar", r.collar());
            components(o.putObject("total"), r.total()).put("jer", r.jer());
            ArrayNode files = o.putArray("files");
            for (FileScore f : r.files()) {
                ObjectNode fo = files.addObject();
                fo.put("file", f.fileId());
                components(fo, f.der()).put("jer", f.jer());
                ObjectNode map = fo.putObject("mapping");
                for (Map.Entry<String, String> e : f.mapping().entrySet()) {
                    map.put(e.getKey(), e.getValue());
                }
                ObjectNode sj = fo.putObject("speaker_jer");
                for (Map.Entry<String, Double> e : f.speakerJers().entrySet()) {
                    sj.put(e.getKey(), e.getValue());
                }
                fo.put("hypothesis_speakers", f.hypSpeakers().size());
            }
            ArrayNode w = o.putArray("warnings");
            r.warnings().forEach(w::add);
        }
        try {
            return m.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode components(ObjectNode o, DerComponents c) {
        o.put("scored_s", c.scored());
        o.put("speech_s", c.total());
        o.put("missed_s", c.missed());
        o.put("false_alarm_s", c.falseAlarm());
        o.put("confusion_s", c.confusion());
        o.put("der", c.der());
        return o;
    }
}
