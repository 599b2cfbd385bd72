package io.emotrace.cli;

import io.emotrace.output.AnalysisResult;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.ResultJson;
import io.emotrace.output.RunReport;
import io.emotrace.rules.RuleRevisions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./emotrace report RUN_DIR}: the shareable HTML report of an analysis (and optionally its segments as CSV),
 * from the run's current result (its newest rules revision when it was re-evaluated). Written beside the current
 * directory, never into the run folder, which stays as published.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"A print-friendly HTML report of an analysis run: speakers (talk time, emotion distribution,",
                "volatility), the emotion timeline as SVG, flagged moments with the words spoken; --csv adds the",
                "segments table. Self-contained (no scripts, no network)."})
public final class ReportCommand implements CliCommand, Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "an analysis run directory (outputs/<name>_<stamp>/)")
    Path run;

    @Option(names = "--out", paramLabel = "FILE", description = "HTML file (default <run name>.report.html here)")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the segments as CSV")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            Path current = RuleRevisions.current(run);
            Path file = current.resolve(ResultJson.FILE_NAME);
            if (!Files.isRegularFile(file)) {
                stderr.println("emotrace report: error [report.no_result] " + run + ": no result.json (not a run "
                        + "directory?)");
                return 1;
            }
            AnalysisResult r = ResultJson.mapper().readValue(file.toFile(), AnalysisResult.class);
            Path html = out != null ? out : Path.of(run.toAbsolutePath().normalize().getFileName() + ".report.html");
            AtomicFiles.write(html.toAbsolutePath(), RunReport.html(r).getBytes(StandardCharsets.UTF_8));
            stdout.println("report: " + html);
            if (csv != null) {
                AtomicFiles.write(csv.toAbsolutePath(), RunReport.segmentsCsv(r).getBytes(StandardCharsets.UTF_8));
                stdout.println("segments: " + csv);
            }
            return 0;
        } catch (IOException e) {
            stderr.println("emotrace report: error [report.io] " + run + ": " + e.getMessage());
            return 1;
        }
    }
}
