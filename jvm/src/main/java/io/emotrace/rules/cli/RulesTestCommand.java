package io.emotrace.rules.cli;

import io.emotrace.cli.CliCommand;
import io.emotrace.output.ResultJson;
import io.emotrace.rules.ResultJsonAdapter;
import io.emotrace.rules.RuleEvaluation;
import io.emotrace.rules.RuleOutcome;
import io.emotrace.rules.RuleParseResult;
import io.emotrace.rules.RuleProblem;
import io.emotrace.rules.RuleSet;
import io.emotrace.rules.RulesException;
import io.emotrace.rules.SegmentAdjustment;
import io.emotrace.rules.StoredAnalysis;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./emotrace rules test FILE RUN_DIR}: what fires on a stored analysis and why; writes nothing. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Evaluate a rule document on a stored analysis (a run directory with result.json) and show "
                + "what fires and why: rule, words, scores. No model runs and nothing is written.")
public final class RulesTestCommand implements CliCommand, Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "rule document (JSON), or 'default'")
    String file;

    @Parameters(index = "1", paramLabel = "RUN_DIR", description = "an analysis run directory (or its result.json)")
    Path run;

    @Option(names = "--json", description = "print the whole evaluation as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String parent() {
        return "rules";
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet rules;
        StoredAnalysis analysis;
        try {
            RuleParseResult parsed = RuleSource.parse(file);
            rules = parsed.orThrow(file);
            analysis = ResultJsonAdapter.read(run);
        } catch (RulesException e) {
            err.println("emotrace rules test: error " + e.describe());
            return 1;
        }
        RuleEvaluation ev = rules.evaluate(analysis);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("warnings", rules.check(analysis));
            doc.put("evaluation", ev);
            out.println(ResultJson.mapper().writeValueAsString(doc));
            return 0;
        }
        out.printf("rule set %s on %s: %d segments, speakers %s%n", rules, run, analysis.segments().size(),
                analysis.speakers());
        for (RuleProblem p : rules.check(analysis)) {
            out.println(p);
        }
        for (String n : ev.notes()) {
            out.println("note: " + n);
        }
        out.println(ev.outcomes().size() + " outcome(s):");
        for (RuleOutcome o : ev.outcomes()) {
            String what = o.flag() != null ? "flag " + o.flag() : o.severity() != null ? "ALERT " + o.severity()
                    : o.action() + " " + o.change();
            out.printf(Locale.ROOT, "%8.2f-%-8.2f %-4s %-28s %-34s %s%n", o.start(), o.end(),
                    o.speaker() == null ? "-" : o.speaker(), o.rule(), what, o.message());
            if (!o.explanation().words().isEmpty()) {
                out.println("                    words:  " + String.join(", ", o.explanation().words()));
            }
            if (!o.explanation().scores().isEmpty()) {
                out.println("                    scores: " + o.explanation().scores().entrySet().stream()
                        .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue()))
                        .collect(Collectors.joining(", ")));
            }
        }
        if (!ev.adjustments().isEmpty()) {
            out.println(ev.adjustments().size() + " segment(s) changed:");
            for (SegmentAdjustment a : ev.adjustments()) {
                out.printf(Locale.ROOT, "  segment %d: %s %.2f -> %s %.2f by %s%n", a.segment(),
                        a.emotionBefore().english(), a.confidenceBefore(), a.emotionAfter().english(),
                        a.confidenceAfter(), a.rules());
            }
        }
        return 0;
    }
}
