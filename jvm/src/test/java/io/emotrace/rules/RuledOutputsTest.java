package io.emotrace.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.audio.WavWriter;
import io.emotrace.output.ResultJson;
import io.emotrace.output.TimelineJson;
import io.emotrace.output.TranscriptText;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.TestStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a re-evaluation, timeline.json and transcript.txt show what the rules changed beside the models' labels. */
class RuledOutputsTest {
    @TempDir
    Path dir;

    /** A real run of the pipeline over three loud stretches (so every segment has an emotion and words). */
    private Path run() throws Exception {
        Path input = dir.resolve("three.wav");
        float[] x = new float[16000 * 9];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i / 16000) % 3 == 2 ? 0 : (float) (0.3 * Math.sin(i * 0.07));
        }
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(x);
        }
        return new AnalysisPipeline(TestStages.all()).run(input, dir.resolve("out"), ProgressListener.NONE).directory();
    }

    private static JsonNode json(Path file) throws Exception {
        return ResultJson.mapper().readTree(file.toFile());
    }

    /** timeline.json's speakers without the rules' marks. */
    private static JsonNode unmarked(JsonNode speakers) {
        JsonNode copy = speakers.deepCopy();
        copy.forEach(t -> t.path("turns").forEach(turn -> ((ObjectNode) turn).remove("ruled")));
        return copy;
    }

    @Test
    void relabelsShowBesideTheModelsLabelsAndGoWhenTheRulesNoLongerMakeThem() throws Exception {
        Path run = run();
        JsonNode before = json(run.resolve(ResultJson.FILE_NAME));
        assertTrue(before.path("segments").size() >= 2, before.path("segments").toString());
        String plainTranscript = Files.readString(run.resolve(TranscriptText.FILE_NAME));

        RuleEvaluation ev = new RulesReevaluator().apply(Segments.rules("{\"id\": \"all-sad\", \"when\": "
                + "{\"type\": \"emotion\"}, \"then\": [{\"type\": \"relabel\", \"emotion\": \"sad\"}]}"), run);
        assertEquals(before.path("segments").size(), ev.adjustments().size(), "every segment relabelled");
        Path rev = RuleRevisions.current(run);
        assertNotEquals(run, rev, "re-evaluations go to a revision beside the run");

        JsonNode after = json(rev.resolve(ResultJson.FILE_NAME));
        assertEquals(before.get("segments"), after.get("segments"), "result.json keeps the models' segments");
        // rewritten field by field: every other field as it was, in its place; flags and rules the new outcome's
        java.util.List<String> names = new java.util.ArrayList<>();
        before.fieldNames().forEachRemaining(names::add);
        java.util.List<String> namesAfter = new java.util.ArrayList<>();
        after.fieldNames().forEachRemaining(namesAfter::add);
        for (String f : java.util.List.of("flags", "rules")) {
            if (!names.contains(f)) {
                names.add(f);
            }
        }
        assertEquals(names, namesAfter);
        for (String f : names) {
            if (!f.equals("flags") && !f.equals("rules")) {
                assertEquals(before.get(f), after.get(f), f);
            }
        }
        assertEquals(RuleFiles.RULES_FILE, after.at("/rules/file").asText());
        assertTrue(after.get("flags").isArray(), after.get("flags").toString());
        JsonNode timeline = json(rev.resolve(TimelineJson.FILE_NAME));
        assertEquals(after.get("timelines"), unmarked(timeline.get("speakers")), "the same turns as result.json");
        assertEquals("all-sad", ev.outcomes().get(0).rule());
        assertEquals(after.get("rules"), timeline.get("rules"), "which rule set made the marks");
        List<JsonNode> marked = new ArrayList<>();
        timeline.get("speakers").forEach(t -> t.get("turns").forEach(turn -> {
            if (turn.has("ruled")) {
                marked.add(turn);
            }
        }));
        assertEquals(ev.adjustments().size(), marked.size());
        for (JsonNode turn : marked) {
            assertEquals("sad", turn.at("/ruled/emotion").asText());
            assertEquals("all-sad", turn.at("/ruled/rules/0").asText());
            assertEquals("angry", turn.at("/emotion/emotion").asText(), "the model's label is kept");
        }

        String transcript = Files.readString(rev.resolve(TranscriptText.FILE_NAME));
        assertEquals(plainTranscript, Files.readString(run.resolve(TranscriptText.FILE_NAME)), "run untouched");
        List<String> lines = transcript.lines().toList();
        assertEquals(plainTranscript.lines().count(), lines.size());
        for (SegmentAdjustment a : ev.adjustments()) {
            String line = lines.get(a.segment());
            assertTrue(line.matches(".* \\(sad [0-9.]+ by rules; model: angry [0-9.]+\\): .*"), line);
        }

        // a rule set that only flags: the outputs go back to the models' labels alone
        new RulesReevaluator().apply(Segments.rules("{\"id\": \"seen\", \"when\": {\"type\": \"emotion\"}, "
                + "\"then\": [{\"type\": \"flag\", \"flag\": \"seen\"}]}"), run);
        Path rev2 = RuleRevisions.current(run);
        assertNotEquals(rev, rev2);
        JsonNode again = json(rev2.resolve(TimelineJson.FILE_NAME));
        assertFalse(again.get("speakers").toString().contains("\"ruled\""), again.toString());
        assertEquals(after.get("timelines"), again.get("speakers"));
        assertEquals(plainTranscript, Files.readString(rev2.resolve(TranscriptText.FILE_NAME)));
    }
}
