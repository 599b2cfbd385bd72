package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Quick start has exactly two commands, and CI runs the second one verbatim. */
class ReadmeCommandsTest {
    @Test
    void quickStartHasTwoCommandsAndCiRunsTheTestOne() throws Exception {
        Path readme = ReadmeSchemaTest.readme();
        String md = Files.readString(readme);
        int start = md.indexOf("## Quick start");
        String section = md.substring(start, md.indexOf("\n## ", start + 1));
        List<String> commands = new ArrayList<>();
        Matcher m = Pattern.compile("```bash\\n(.*?)\\n```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            commands.add(m.group(1).strip());
        }
        assertEquals(2, commands.size(), commands.toString());
        assertTrue(commands.get(0).endsWith("./emotrace analyze --sample"), commands.get(0));
        String ci = Files.readString(readme.resolveSibling(".ci/run"));
        String last = ci.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertEquals(commands.get(1), last);
    }
}
