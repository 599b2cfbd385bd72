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
        description = "Re-evaluate stored analyses with a rule document, without running any model: writes "
                + "rules.json (the previous one kept under rules-history/) and replaces flags in result.json, "
                + "atomically. Exit 1 when the document is invalid (nothing is touched) or a run fails.")
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
                out.printf("%s: %d outcome(s), %d flag(s)/alert(s), %d segment(s) changed (rules %s)%n", run,
                        ev.outcomes().size(), ev.flags().size(), ev.adjustments().size(), rules);
            } catch (RulesException e) {
                err.println("emotrace rules apply: " + run + ": error " + e.describe());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
