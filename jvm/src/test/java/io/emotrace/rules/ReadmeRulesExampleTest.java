package io.emotrace.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's copy-paste rule document must stay valid as the schema evolves. */
class ReadmeRulesExampleTest {
    static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("jvm"))) {
                return p.resolve("docs/rules.md");
            }
        }
        throw new AssertionError("README.md not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void readmeExampleIsAValidRuleDocument() throws Exception {
        String readme = Files.readString(readme());
        int marker = readme.indexOf("<!-- rules example -->");
        assertTrue(marker >= 0, "docs/rules.md lost its rules example marker");
        int start = readme.indexOf("```json", marker) + "```json".length();
        String json = readme.substring(start, readme.indexOf("```", start));
        RuleParseResult r = RuleSet.parse(json);
        assertTrue(r.valid(), r.problems().toString());
        assertEquals(7, r.ruleSet().rules().size());
        assertEquals("anger-escalation", r.ruleSet().rules().get(5).id());
    }
}
