package io.emotrace.rules.cli;

import io.emotrace.rules.RuleParseResult;
import io.emotrace.rules.RuleSet;
import io.emotrace.rules.RulesException;
import java.nio.file.Path;

/** The FILE argument of the rules commands: a path, or {@code default} for the shipped rule set. */
final class RuleSource {
    static final String DEFAULT = "default";

    private RuleSource() {
    }

    static RuleParseResult parse(String file) throws RulesException {
        if (DEFAULT.equals(file)) {
            return RuleSet.parse(RuleSet.defaultSource());
        }
        return RuleSet.parse(Path.of(file));
    }
}
