package io.emotrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.WavWriter;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.ResultJson;
import io.emotrace.output.RunReport;
import io.emotrace.speakers.SpeakerDirectory;
import io.emotrace.speakers.SpeakerNamer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrolled voices name the matching speakers of a run in every output; unknown voices stay S1, S2, ... */
public class SpeakerNamingTest {
    @TempDir
    Path dir;

    /** The alternating diarizer with a voice per raw speaker: spk_b (S1) along x, spk_a (S2) along y. */
    public static final class VoicedDiarizer extends TestStages.AlternatingDiarizer {
        @Override
        public DiarizationResult diarize(AudioSource audio, List<SpeechRegion> speech, ProgressListener progress) {
            DiarizationResult r = super.diarize(audio, speech, progress);
            Map<String, float[]> c = new LinkedHashMap<>();
            c.put("spk_b", new float[] {0.96f, 0.28f, 0, 0});
            c.put("spk_a", new float[] {0, 0.6f, 0.8f, 0});
            return new DiarizationResult(r.overlapping(), r.exclusive(), c);
        }
    }

    @Test
    void aMatchingSpeakerIsNamedInEveryOutputAndTheVoiceprintStaysOut() throws Exception {
        Path input = dir.resolve("meeting.wav");
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(AnalysisPipelineTest.concat(AnalysisPipelineTest.silence(0.5), AnalysisPipelineTest.tone(1.0, 0.05),
                    AnalysisPipelineTest.silence(0.7), AnalysisPipelineTest.tone(0.8, 0.5),
                    AnalysisPipelineTest.silence(0.6), AnalysisPipelineTest.tone(1.2, 0.05),
                    AnalysisPipelineTest.silence(0.4)));
        }
        SpeakerDirectory db = new SpeakerDirectory(dir.resolve("voices"));
        db.enroll("Alice Smith", List.of(new float[] {1, 0, 0, 0}), List.of(40.0), "project");
        db.enroll("Carol", List.of(new float[] {0, 0, 0, 1}), List.of(40.0), "project");
        StageCatalog catalog = StageCatalog.of(List.of(new TestStages.WavOnlyDecoder()), List.of(new TestStages.EnergyVad()),
                List.of(new VoicedDiarizer()), List.of(new TestStages.LoudnessEmotion()),
                List.of(new TestStages.CountingTranscriber()), List.of());
        List<AnalysisEvent> events = new ArrayList<>();
        AnalysisRun run;
        try (AnalysisPipeline p = new AnalysisPipeline(catalog)) {
            run = p.run(input, dir.resolve("out"), RunOptions.of(events::add).withSpeakerNamer(db.namer(0.6)));
        }
        AnalysisResult r = run.result();
        assertEquals(List.of("S1", "S2"), r.speakers().stream().map(AnalysisResult.Speaker::id).toList());
        assertEquals("Alice Smith", r.speakers().get(0).name());
        assertEquals(0.96, r.speakers().get(0).nameScore(), 1e-3);
        assertEquals("enrolled", r.speakers().get(0).nameSource());
        assertNull(r.speakers().get(1).name(), "S2 matches nobody (0.0 with Alice and Carol): open set");
        assertTrue(r.segments().stream().allMatch(s -> s.speaker().matches("S\\d")), "segment ids stay S1, S2");

        JsonNode json = ResultJson.mapper().readTree(run.directory().resolve("result.json").toFile());
        assertEquals("Alice Smith", json.at("/speakers/0/name").asText());
        assertEquals("Alice Smith", json.at("/timelines/0/name").asText());
        assertTrue(json.at("/timelines/1/name").isNull());
        assertTrue(Files.readString(run.directory().resolve("timeline.json")).contains("\"name\" : \"Alice Smith\""));
        String rttm = Files.readString(run.directory().resolve("diarization.rttm"));
        assertTrue(rttm.contains(" Alice_Smith ") && rttm.contains(" S2 "), rttm);
        String transcript = Files.readString(run.directory().resolve("transcript.txt"));
        assertTrue(transcript.contains("] Alice Smith (") && transcript.contains("] S2 ("), transcript);
        assertTrue(RunReport.segmentsCsv(r).contains(",Alice Smith,"));
        assertTrue(RunReport.html(r).contains("Alice Smith (S1)"));
        assertTrue(json.at("/stages/2/detail").asText().contains("names: 1 of 2 speakers"), json.at("/stages/2").toString());

        List<AnalysisEvent.SpeakerNamed> named = events.stream().filter(e -> e instanceof AnalysisEvent.SpeakerNamed)
                .map(e -> (AnalysisEvent.SpeakerNamed) e).toList();
        assertEquals(1, named.size());
        assertEquals("S1", named.get(0).speaker());
        int firstTurn = events.indexOf(events.stream().filter(e -> e instanceof AnalysisEvent.SpeakerTurnFound)
                .findFirst().orElseThrow());
        assertTrue(events.indexOf(named.get(0)) < firstTurn, "names come before the turns");

        // the run folder holds the recording's own embeddings, never the enrolled voiceprints or their ids
        try (Stream<Path> all = Files.walk(run.directory())) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                assertFalse(name.startsWith("alice"), name);
                if (!name.endsWith(".wav") && !name.endsWith(".npy")) {
                    String text = Files.readString(f);
                    assertFalse(text.contains(SpeakerDirectory.idOf("Alice Smith")), name);
                    assertFalse(text.contains("vector"), name);
                }
            }
        }
    }

    @Test
    void withoutANamerOrWithAnUnreadableDatabaseEveryoneStaysAnonymous() throws Exception {
        Path input = dir.resolve("m.wav");
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(AnalysisPipelineTest.concat(AnalysisPipelineTest.silence(0.3), AnalysisPipelineTest.tone(1.0, 0.3),
                    AnalysisPipelineTest.silence(0.3)));
        }
        StageCatalog catalog = StageCatalog.of(List.of(new TestStages.WavOnlyDecoder()), List.of(new TestStages.EnergyVad()),
                List.of(new VoicedDiarizer()), List.of(), List.of(), List.of());
        SpeakerNamer broken = (c, s) -> {
            throw new io.emotrace.EmotraceException("speakers.db_unreadable", "disk on fire (injected)");
        };
        try (AnalysisPipeline p = new AnalysisPipeline(catalog)) {
            AnalysisResult plain = p.run(input, dir.resolve("a"), RunOptions.of(e -> { })).result();
            assertNull(plain.speakers().get(0).name());
            AnalysisResult r = p.run(input, dir.resolve("b"), RunOptions.of(e -> { }).withSpeakerNamer(broken)).result();
            assertNull(r.speakers().get(0).name());
            assertTrue(r.stages().get(2).detail().contains("disk on fire"), r.stages().get(2).detail());
            assertEquals(io.emotrace.domain.StageStatus.OK, r.stages().get(2).status());
        }
    }
}
