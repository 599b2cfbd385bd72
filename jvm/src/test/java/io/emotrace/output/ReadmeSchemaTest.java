package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.audio.WavWriter;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.TestStages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md documents result.json; this keeps the documentation and the real output in step. */
class ReadmeSchemaTest {
    @TempDir
    Path dir;

    /** docs/outputs.md, where the result.json schema is documented. */
    static Path outputsDoc() {
        return readme().resolveSibling("docs").resolve("outputs.md");
    }

    static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("jvm"))) {
                return p.resolve("README.md");
            }
        }
        throw new AssertionError("README.md not found above " + Path.of("").toAbsolutePath());
    }

    /** A real result with every stage ok, so that every array and nested object is populated. */
    private JsonNode realResult() throws Exception {
        Path input = dir.resolve("tones.wav");
        float[] x = new float[16000 * 3];
        for (int i = 8000; i < 24000; i++) {
            x[i] = (float) (0.4 * Math.sin(i * 0.1));
        }
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(x);
        }
        var run = new AnalysisPipeline(TestStages.all()).run(input, dir.resolve("out"), ProgressListener.NONE);
        return ResultJson.mapper().readTree(run.directory().resolve(ResultJson.FILE_NAME).toFile());
    }

    static Set<String> paths(JsonNode node, String prefix, boolean leavesOnly, Set<String> out) {
        if (node.isObject()) {
            if (!leavesOnly && !prefix.isEmpty()) {
                out.add(prefix);
            }
            if (prefix.endsWith(".scores") || prefix.endsWith(".emotionDistribution")) {
                out.add(prefix + ".*"); // the nine class names, checked by the Emotion tests
                return out;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                paths(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), leavesOnly, out);
            }
        } else if (node.isArray()) {
            if (!leavesOnly) {
                out.add(prefix);
            }
            for (JsonNode el : node) {
                paths(el, prefix + "[]", leavesOnly, out);
            }
        } else {
            out.add(prefix);
        }
        return out;
    }

    @Test
    void jsonExampleHasExactlyTheFieldsProduced() throws Exception {
        String md = Files.readString(outputsDoc());
        Matcher m = Pattern.compile("<!-- result.json example -->\\s*```json\\n(.*?)```", Pattern.DOTALL).matcher(md);
        assertTrue(m.find(), "docs/outputs.md needs the result.json example block");
        JsonNode documented = ResultJson.mapper().readTree(m.group(1));
        JsonNode real = realResult();
        assertEquals(paths(real, "", false, new TreeSet<>()), paths(documented, "", false, new TreeSet<>()));
        assertEquals(real.get("schemaVersion"), documented.get("schemaVersion"));
        assertEquals(9, documented.at("/segments/0/emotion/scores").size());
    }

    @Test
    void fieldTableListsEveryProducedField() throws Exception {
        String md = Files.readString(outputsDoc());
        int at = md.indexOf("| field | meaning |");
        assertTrue(at >= 0, "docs/outputs.md needs the result.json field table");
        int end = md.indexOf("\n\n", at);
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (`[^|]+) \\|").matcher(md.substring(at, end < 0 ? md.length() : end));
        while (row.find()) {
            Matcher tok = Pattern.compile("`([^`]+)`").matcher(row.group(1));
            String base = null;
            while (tok.find()) {
                String t = tok.group(1);
                if (t.startsWith(".") && base != null) {
                    documented.add(base.substring(0, base.lastIndexOf('.')) + t); // `.start` after `a[].b`
                } else {
                    base = t;
                    documented.add(t);
                }
            }
        }
        JsonNode real = realResult();
        Set<String> missing = paths(real, "", true, new TreeSet<>());
        missing.removeAll(documented);
        assertEquals(Set.of(), missing, "produced but not in README's field table");
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(paths(real, "", false, new TreeSet<>()));
        assertEquals(Set.of(), extra, "in README's field table but not produced");
    }
}
