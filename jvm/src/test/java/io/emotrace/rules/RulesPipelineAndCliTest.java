package io.emotrace.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.asr.VoskTranscriberFactory;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.cli.Main;
import io.emotrace.domain.StageStatus;
import io.emotrace.output.ResultJson;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.AnalysisRun;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.vad.SileroVadFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rules stage inside a real analysis (FFmpeg decode, Silero VAD, Vosk ASR on a shared recording), then the
 * stored run re-evaluated through the CLI with other rules, without any model running again.
 */
class RulesPipelineAndCliTest {
    static final String CARDS = "{\"schemaVersion\": 1, \"name\": \"cards\", \"version\": \"1\", \"rules\": ["
            + "{\"id\": \"spades\", \"when\": {\"type\": \"keywords\", \"words\": {\"en\": [\"spades\"]}},"
            + " \"then\": [{\"type\": \"alert\", \"severity\": \"warning\", \"message\": \"{reason}\"}]}]}";
    static final String HEARTS = "{\"schemaVersion\": 1, \"name\": \"hearts\", \"version\": \"2\", \"rules\": ["
            + "{\"id\": \"hearts\", \"when\": {\"type\": \"keywords\", \"regexes\": {\"en\": [\"seven\\\\s+of\\\\s+hearts\"]}},"
            + " \"then\": [{\"type\": \"flag\", \"flag\": \"hearts\"}]}]}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        CommandLine cl = Main.commandLine();
        return cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void analysisFlagsThenReevaluationWithoutModels() throws Exception {
        Path input = SharedTestData.require("data/asr/005.wav"); // "eight of spades four of clubs seven of hearts"
        RuleSet cards = RuleSet.parse(CARDS).orThrow("cards");
        StageCatalog catalog = StageCatalog.of(List.of(new FfmpegAudioDecoder()), List.of(new SileroVadFactory()),
                List.of(), List.of(), List.of(new VoskTranscriberFactory()), List.of(new JsonRuleEngineFactory(cards)));
        AnalysisRun run = new AnalysisPipeline(catalog).run(input, dir.resolve("out"), ProgressListener.NONE);
        assertEquals(StageStatus.OK, run.result().stages().stream().filter(s -> s.name().equals("rules"))
                .findFirst().orElseThrow().status(), run.result().stages().toString());
        assertEquals(1, run.result().flags().size(), run.result().segments().toString());
        assertEquals("spades", run.result().flags().get(0).rule());
        assertTrue(run.result().flags().get(0).message().contains("spades"));
        // the pipeline evaluated the rules once and wrote their files into the run before publishing it
        JsonNode ruled = ResultJson.mapper().readTree(run.directory().resolve("rules.json").toFile());
        assertEquals(cards.sha256(), ruled.path("ruleSet").path("sha256").asText());
        assertEquals(cards.sha256(), ResultJson.mapper().readTree(run.directory().resolve("result.json").toFile())
                .path("rules").path("sha256").asText());

        Path rules = dir.resolve("hearts.json");
        Files.writeString(rules, HEARTS);
        assertEquals(0, cli("rules", "test", rules.toString(), run.directory().toString()), err.toString());
        assertTrue(out.toString().contains("hearts") && out.toString().contains("seven of hearts"), out.toString());
        JsonNode untouched = ResultJson.mapper().readTree(run.directory().resolve("result.json").toFile());
        assertEquals("spades", untouched.get("flags").get(0).get("rule").asText(), "'rules test' writes nothing");

        long wavModified = Files.getLastModifiedTime(run.directory().resolve("processed_audio.wav")).toMillis();
        assertEquals(0, cli("rules", "apply", rules.toString(), run.directory().toString()), err.toString());
        Path revision = RuleRevisions.current(run.directory());
        assertNotEquals(run.directory(), revision, "a published run is never modified");
        assertEquals(untouched, ResultJson.mapper().readTree(run.directory().resolve("result.json").toFile()));
        JsonNode after = ResultJson.mapper().readTree(revision.resolve("result.json").toFile());
        assertEquals(1, after.get("flags").size());
        assertEquals("hearts", after.get("flags").get(0).get("rule").asText());
        assertEquals("2", after.get("rules").get("version").asText());
        assertEquals(untouched.get("segments"), after.get("segments"), "the words were not transcribed again");
        assertEquals(wavModified, Files.getLastModifiedTime(run.directory().resolve("processed_audio.wav")).toMillis());
    }

    @Test
    void validateShowsEveryErrorAndExitsOne() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schemaVersion\": 1, \"name\": \"b\", \"version\": \"1\", \"rules\": ["
                + "{\"id\": \"x\", \"when\": {\"type\": \"emotion\", \"emotions\": [\"furious\"]},"
                + " \"then\": [{\"type\": \"alert\", \"severity\": \"urgent\"}]}]}");
        assertEquals(1, cli("rules", "validate", bad.toString()));
        assertTrue(out.toString().contains("error at /rules/0/when/emotions/0: expected an emotion"), out.toString());
        assertTrue(out.toString().contains("error at /rules/0/then/0/severity: expected one of [info, warning, critical],"
                + " found \"urgent\""), out.toString());
        assertTrue(out.toString().contains("INVALID, 2 error(s)"));
        out.getBuffer().setLength(0);
        assertEquals(0, cli("rules", "validate", "default"));
        assertTrue(out.toString().contains("valid, rule set emotrace-default"));
        assertEquals(1, cli("rules", "validate", dir.resolve("missing.json").toString()));
        assertTrue(err.toString().contains("[rules.unreadable]"), err.toString());
        assertEquals(1, cli("rules", "test", "default", dir.toString()));
        assertTrue(err.toString().contains("[rules.run_not_found]"), err.toString());
        assertEquals(1, cli("rules", "apply", bad.toString(), dir.toString()));
        assertTrue(err.toString().contains("[rules.invalid]"), err.toString());
        assertFalse(Files.exists(dir.resolve("rules.json")), "an invalid document is never applied");
    }

    @Test
    void anInvalidConfiguredRuleFileMakesTheStageUnavailableWithItsErrors() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schemaVersion\": 1, \"name\": \"b\", \"version\": \"1\", \"rules\": [{\"id\": \"x\"}]}");
        String before = System.getProperty(JsonRuleEngineFactory.PROPERTY);
        System.setProperty(JsonRuleEngineFactory.PROPERTY, bad.toString());
        try {
            Availability a = new JsonRuleEngineFactory().availability();
            assertFalse(a.available());
            assertTrue(a.detail().contains("/rules/0/when") && a.detail().contains("/rules/0/then"), a.detail());
        } finally {
            if (before == null) {
                System.clearProperty(JsonRuleEngineFactory.PROPERTY);
            } else {
                System.setProperty(JsonRuleEngineFactory.PROPERTY, before);
            }
        }
        assertTrue(new JsonRuleEngineFactory().availability().available(), "default rules when none is configured");
        assertTrue(StageCatalog.fromClasspath().rules().available(), "registered through ServiceLoader");
    }
}
