package io.emotrace.rules.cli;

import io.emotrace.cli.CliCommand;
import io.emotrace.rules.RuleEvaluation;
import io.emotrace.rules.RuleSet;
import io.emotrace.rules.RulesException;
import io.emotrace.rules.RulesReevaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./emotrace rules apply FILE RUN_DIR...}: re-evaluates stored analyses and rewrites their rule outcomes. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Re-evaluate stored analyses with a rule document, without running any model. The run folder "
                + "is never modified: each re-evaluation is published atomically as a new revision <RUN_DIR>.rules/"
                + "NNNN/ (rules.json and the rule-adjusted result.json, timeline.json, transcript.txt); the highest "
                + "number is current. Exit 1 when the document is invalid (nothing is written) or a run fails.")
public final class RulesApplyCommand implements CliCommand, Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "rule document (JSON), or 'default'")
    String file;

    @Parameters(index = "1..*", paramLabel = "RUN_DIR", description = "analysis run directories")
    List<Path> runs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String parent() {
        return "rules";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet rules;
        try {
            rules = RuleSource.parse(file).orThrow(file);
        } catch (RulesException e) {
            err.println("emotrace rules apply: error " + e.describe());
            return 1;
        }
        int failed = 0;
        RulesReevaluator reevaluator = new RulesReevaluator();
        for (Path run : runs) {
            try {
                RuleEvaluation ev = reevaluator.apply(rules, run);
                out.printf("%s: %d outcome(s), %d flag(s)/alert(s), %d segment(s) changed (rules %s) -> %s%n", run,
                        ev.outcomes().size(), ev.flags().size(), ev.adjustments().size(), rules,
                        io.emotrace.rules.RuleRevisions.current(run));
            } catch (java.io.IOException e) {
                err.println("emotrace rules apply: " + run + ": published, but cannot list its revisions: " + e);
                failed++;
            } catch (RulesException e) {
                err.println("emotrace rules apply: " + run + ": error " + e.describe());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
