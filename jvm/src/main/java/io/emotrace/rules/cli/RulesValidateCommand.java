package io.emotrace.rules.cli;

import io.emotrace.cli.CliCommand;
import io.emotrace.output.ResultJson;
import io.emotrace.rules.Rule;
import io.emotrace.rules.RuleParseResult;
import io.emotrace.rules.RuleProblem;
import io.emotrace.rules.RulesException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./emotrace rules validate FILE}: every problem of a rule document with its JSON Pointer. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a rule document: every error with its JSON Pointer, what was expected and what was "
                + "found. Exit 0 when valid, 1 when not.")
public final class RulesValidateCommand implements CliCommand, Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "rule document (JSON), or 'default'")
    String file;

    @Option(names = "--json", description = "print {valid, problems[]} as JSON")
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
        RuleParseResult r;
        try {
            r = RuleSource.parse(file);
        } catch (RulesException e) {
            spec.commandLine().getErr().println("emotrace rules validate: error " + e.describe());
            return 1;
        }
        if (json) {
            out.println(ResultJson.mapper().writeValueAsString(Map.of("valid", r.valid(), "problems", r.problems())));
            return r.valid() ? 0 : 1;
        }
        for (RuleProblem p : r.problems()) {
            out.println(p);
        }
        if (!r.valid()) {
            out.println(file + ": INVALID, " + r.errors().size() + " error(s); nothing of it would be applied");
            return 1;
        }
        out.println(file + ": valid, rule set " + r.ruleSet());
        for (Rule rule : r.ruleSet().rules()) {
            out.printf("  %-28s priority %4d  %-8s %-13s %s%n", rule.id(), rule.priority(),
                    rule.enabled() ? "enabled" : "disabled", rule.when().type(),
                    rule.then().stream().map(a -> a.type()).toList());
        }
        return 0;
    }
}
