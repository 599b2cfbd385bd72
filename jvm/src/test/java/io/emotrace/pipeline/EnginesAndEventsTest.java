package io.emotrace.pipeline;

import io.emotrace.domain.StageStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.EmotraceException;
import io.emotrace.audio.WavWriter;
import io.emotrace.output.ResultJson;
import io.emotrace.pipeline.TestStages.AlternatingDiarizer;
import io.emotrace.pipeline.TestStages.AngerRule;
import io.emotrace.pipeline.TestStages.CountingTranscriber;
import io.emotrace.pipeline.TestStages.EnergyVad;
import io.emotrace.pipeline.TestStages.LoudnessEmotion;
import io.emotrace.pipeline.TestStages.SlowEmotion;
import io.emotrace.pipeline.TestStages.WavOnlyDecoder;
import io.emotrace.rules.JsonRuleEngineFactory;
import io.emotrace.rules.RuleSet;
import io.emotrace.vad.VadFactory;
import io.emotrace.vad.VoiceActivityDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesAndEventsTest {
    @TempDir
    Path dir;
    Path input;

    @BeforeEach
    void makeInput() throws IOException {
        input = dir.resolve("meeting.wav");
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(AnalysisPipelineTest.concat(AnalysisPipelineTest.silence(0.5), AnalysisPipelineTest.tone(1.0, 0.05),
                    AnalysisPipelineTest.silence(0.7), AnalysisPipelineTest.tone(0.8, 0.5),
                    AnalysisPipelineTest.silence(0.6), AnalysisPipelineTest.tone(1.2, 0.05),
                    AnalysisPipelineTest.silence(0.4)));
        }
    }

    /** A test diarizer that keeps the VAD the engines lend it. */
    private static DiarizerFactory borrowing(AtomicReference<VoiceActivityDetector> vadGiven) {
        return new AlternatingDiarizer() {
            @Override
            public Diarizer create(VoiceActivityDetector sharedVad) {
                vadGiven.set(sharedVad);
                return this;
            }
        };
    }

    @Test
    void aStreamFromTheBorrowedVadFailsCleanlyOnceTheEnginesAreClosed() throws Exception {
        AtomicReference<VoiceActivityDetector> vadGiven = new AtomicReference<>();
        DiarizerFactory dia = borrowing(vadGiven);
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(dia), List.of(new LoudnessEmotion()), List.of(new CountingTranscriber()),
                List.of(new AngerRule()));
        Engines engines = new Engines(catalog);
        engines.diarizer().get();
        io.emotrace.vad.VadStream stream = vadGiven.get().openStream();
        List<Float> probabilities = new ArrayList<>();
        float[] block = new float[1600];
        stream.accept(block, 0, block.length, (i, p) -> probabilities.add(p));
        assertTrue(!probabilities.isEmpty(), "the borrowed stream runs the shared VAD");
        engines.close();
        // the model is gone: the next block fails with the engine's own error instead of running a freed model
        io.emotrace.vad.VadStream.Failure e = assertThrows(io.emotrace.vad.VadStream.Failure.class,
                () -> stream.accept(block, 0, block.length, (i, p) -> { }));
        assertEquals("engine.closed", e.error().code(), e.toString());
        stream.close(); // and closing it then is harmless
    }

    @Test
    void everyEngineIsLoadedOnceForManyRunsAndClosedAtTheEnd() throws Exception {
        AtomicInteger vadLoads = new AtomicInteger();
        AtomicInteger diaLoads = new AtomicInteger();
        AtomicInteger emoLoads = new AtomicInteger();
        AtomicInteger asrLoads = new AtomicInteger();
        AtomicInteger ruleLoads = new AtomicInteger();
        AtomicReference<VoiceActivityDetector> vadGiven = new AtomicReference<>();
        DiarizerFactory dia = borrowing(vadGiven);
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()),
                List.of(TestStages.counting(VadFactory.class, new EnergyVad(), vadLoads)),
                List.of(TestStages.counting(DiarizerFactory.class, dia, diaLoads)),
                List.of(TestStages.counting(EmotionRecognizerFactory.class, new LoudnessEmotion(), emoLoads)),
                List.of(TestStages.counting(TranscriberFactory.class, new CountingTranscriber(), asrLoads)),
                List.of(TestStages.counting(RuleEngineFactory.class, new AngerRule(), ruleLoads)));
        Engines engines = new Engines(catalog);
        assertTrue(engines.status().stream().allMatch(s -> s.state() == EngineState.NOT_LOADED && s.loads() == 0),
                engines.status().toString());
        AnalysisPipeline pipeline = new AnalysisPipeline(engines);
        for (int i = 0; i < 4; i++) {
            AnalysisRun run = pipeline.run(input, dir.resolve("out"), ProgressListener.NONE);
            assertTrue(run.result().stages().stream().allMatch(s -> s.status() == StageStatus.OK),
                    run.result().stages().toString());
        }
        for (AtomicInteger n : List.of(vadLoads, diaLoads, emoLoads, asrLoads, ruleLoads)) {
            assertEquals(1, n.get(), "each engine created once for four runs");
        }
        assertNotNull(vadGiven.get(), "the diarizer borrows the process's VAD instead of loading its own");
        for (EngineStatus s : engines.status()) {
            assertEquals(EngineState.READY, s.state(), s.toString());
            assertEquals(1, s.loads(), s.toString());
            assertNotNull(s.description(), s.toString());
        }
        engines.close();
        assertTrue(engines.status().stream().allMatch(s -> s.state() == EngineState.CLOSED));
        EmotraceException closed = assertThrows(EmotraceException.class, () -> engines.emotion().get());
        assertEquals("engine.closed", closed.code());
    }

    @Test
    void aRunTellsItsListenerEverythingInOrder() throws Exception {
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        AnalysisRun run;
        try (AnalysisPipeline pipeline = new AnalysisPipeline(TestStages.all())) {
            run = pipeline.run(input, dir.resolve("out"), RunOptions.of(events::add));
        }
        List<String> finished = events.stream().filter(e -> e instanceof AnalysisEvent.StageFinished)
                .map(e -> ((AnalysisEvent.StageFinished) e).stage()).toList();
        // VAD runs beside diarization and emotion beside ASR: each pair may end either way round, the data flow holds
        assertEquals(java.util.Set.of("decode", "vad", "diarization", "emotion", "emotion-track", "asr", "rules"),
                java.util.Set.copyOf(finished));
        assertEquals(7, finished.size());
        assertEquals("decode", finished.get(0));
        for (String later : List.of("emotion", "emotion-track", "asr")) {
            assertTrue(finished.indexOf(later) > finished.indexOf("vad"), later + " after vad: " + finished);
            assertTrue(finished.indexOf(later) > finished.indexOf("diarization"), later + " after diarization");
        }
        assertTrue(finished.indexOf("emotion-track") > finished.indexOf("emotion"), finished.toString());
        assertEquals("rules", finished.get(6));
        assertEquals(List.of("decode", "vad", "diarization", "emotion", "emotion-track", "asr", "rules"),
                run.result().stages().stream().map(io.emotrace.output.AnalysisResult.Stage::name).toList(), "stages listed in data-flow order");
        long started = events.stream().filter(e -> e instanceof AnalysisEvent.StageStarted).count();
        assertEquals(6, started, "decode, vad, diarization, emotion, asr, rules start");
        int segments = run.result().segments().size();
        assertTrue(segments >= 2, run.result().segments().toString());
        assertEquals(segments, events.stream().filter(e -> e instanceof AnalysisEvent.SpeakerTurnFound).count());
        List<AnalysisEvent.SegmentEmotion> emotions = events.stream()
                .filter(e -> e instanceof AnalysisEvent.SegmentEmotion).map(e -> (AnalysisEvent.SegmentEmotion) e)
                .toList();
        assertEquals(segments, emotions.size());
        for (AnalysisEvent.SegmentEmotion e : emotions) {
            assertEquals(run.result().segments().get(e.index()).emotion(), e.emotion());
        }
        assertEquals(segments, events.stream().filter(e -> e instanceof AnalysisEvent.SegmentWords).count());
        assertEquals(run.result().flags().size(),
                events.stream().filter(e -> e instanceof AnalysisEvent.RuleFlagged).count());
        assertFalse(run.result().flags().isEmpty(), "the loud tone is angry and flagged");
        AnalysisEvent last = events.get(events.size() - 1);
        AnalysisEvent.RunPublished published = assertInstanceOf(AnalysisEvent.RunPublished.class, last);
        assertEquals(run.directory(), published.directory());
        assertTrue(events.stream().anyMatch(e -> e instanceof AnalysisEvent.Progress));
    }

    @Test
    void cancellingStopsTheWorkWithinASecondAndPublishesNothing() throws Exception {
        SlowEmotion slow = new SlowEmotion(20);
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(new AlternatingDiarizer()), List.of(slow), List.of(), List.of());
        Cancellation cancel = new Cancellation();
        Path out = dir.resolve("out");
        try (AnalysisPipeline pipeline = new AnalysisPipeline(catalog)) {
            CompletableFuture<AnalysisRun> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return pipeline.run(input, out, RunOptions.of(AnalysisListener.NONE).withCancellation(cancel));
                } catch (EmotraceException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!slow.started && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(slow.started, "the slow stage began");
            Thread.sleep(200);
            long t0 = System.nanoTime();
            cancel.cancel("deleted");
            Throwable thrown = assertThrows(java.util.concurrent.ExecutionException.class, run::get).getCause();
            AnalysisCancelledException e = assertInstanceOf(AnalysisCancelledException.class, thrown);
            assertEquals(AnalysisCancelledException.CODE, e.code());
            double stoppedAfter = (slow.stoppedAtNanos - t0) / 1e9;
            assertTrue(stoppedAfter < 1.0, "CPU work stopped " + stoppedAfter + " s after the cancel");
        }
        try (Stream<Path> left = Files.exists(out) ? Files.list(out) : Stream.empty()) {
            assertEquals(List.of(), left.toList(), "nothing published, no work folder left");
        }
    }

    @Test
    void anEngineThatFailsToLoadIsReportedAndNotReloadedOnEveryRun() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        EmotionRecognizerFactory broken = new EmotionRecognizerFactory() {
            @Override
            public String name() {
                return "broken-test";
            }

            @Override
            public Availability availability() {
                return Availability.yes("test");
            }

            @Override
            public EmotionRecognizer create() {
                attempts.incrementAndGet();
                throw new IllegalStateException("weights file truncated (injected)");
            }
        };
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(new AlternatingDiarizer()), List.of(broken), List.of(new CountingTranscriber()), List.of());
        try (Engines engines = new Engines(catalog)) {
            AnalysisPipeline pipeline = new AnalysisPipeline(engines);
            for (int i = 0; i < 3; i++) {
                AnalysisRun run = pipeline.run(input, dir.resolve("out"), ProgressListener.NONE);
                var emotion = run.result().stages().stream().filter(s -> s.name().equals("emotion")).findFirst()
                        .orElseThrow();
                assertEquals(StageStatus.FAILED, emotion.status());
                assertTrue(emotion.detail().contains("weights file truncated"), emotion.detail());
                var asr = run.result().stages().stream().filter(s -> s.name().equals("asr")).findFirst()
                        .orElseThrow();
                assertEquals(StageStatus.OK, asr.status(), "the other stages still run");
            }
            assertEquals(1, attempts.get(), "a failed load is retried at most once a minute, not per run");
            EngineStatus s = engines.emotion().status();
            assertEquals(EngineState.FAILED, s.state());
            assertEquals(0, s.loads());
            assertTrue(s.reason().contains("weights file truncated"), s.reason());
        }
    }

    @Test
    void closingDoesNotHangOnACallStuckInAnEngine() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()), List.of(),
                List.of(), List.of(), List.of());
        Engines engines = new Engines(catalog);
        Thread stuck = new Thread(() -> {
            try {
                engines.vad().call(v -> {
                    inside.countDown();
                    release.await(); // a native call that ignores cancellation
                    return null;
                });
            } catch (Exception e) {
                // released at the end of the test
            }
        });
        stuck.start();
        assertTrue(inside.await(10, java.util.concurrent.TimeUnit.SECONDS));
        long before = SharedEngine.closeWaitMillis;
        SharedEngine.closeWaitMillis = 200;
        try {
            long t0 = System.nanoTime();
            engines.close();
            double took = (System.nanoTime() - t0) / 1e9;
            assertTrue(took < 2, "close() waited " + took + " s for a stuck call");
            assertEquals(EngineState.CLOSED, engines.vad().status().state());
            EmotraceException closed = assertThrows(EmotraceException.class, () -> engines.vad().get());
            assertEquals("engine.closed", closed.code());
        } finally {
            SharedEngine.closeWaitMillis = before;
            release.countDown();
            stuck.join(5000);
        }
    }

    @Test
    void eachStageRecordsTheCpuTimeSpentInIt() throws Exception {
        SlowEmotion slow = new SlowEmotion(0.3); // spins: CPU time close to its wall time
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(new AlternatingDiarizer()), List.of(slow), List.of(new CountingTranscriber()), List.of());
        AnalysisRun run;
        try (AnalysisPipeline pipeline = new AnalysisPipeline(catalog)) {
            run = pipeline.run(input, dir.resolve("out"), ProgressListener.NONE);
        }
        for (var s : run.result().stages()) {
            if (s.status() == StageStatus.OK) {
                assertNotNull(s.cpuSeconds(), s.toString());
                assertTrue(s.cpuSeconds() >= 0, s.toString());
            }
        }
        var emotion = run.result().stages().stream().filter(s -> s.name().equals("emotion")).findFirst().orElseThrow();
        assertTrue(emotion.elapsedSeconds() >= 0.6, emotion.toString());
        // the stage's CPU figure holds at least what its spinning thread used (load-independent: on busy cores the
        // spinner gets only a share of a core, so comparing CPU with wall time would test the machine, not the code)
        assertTrue(slow.spunCpuSeconds > 0.05, "spinner used " + slow.spunCpuSeconds + " s of CPU");
        assertTrue(emotion.cpuSeconds() >= 0.9 * slow.spunCpuSeconds, "spinning stage: " + emotion
                + ", spinner CPU " + slow.spunCpuSeconds);
    }

    @Test
    void theRulesTheCallerPassesAreEvaluatedOnceAndWrittenIntoTheRun() throws Exception {
        String onlySpeakerTwo = "{\"schemaVersion\": 1, \"name\": \"caller\", \"version\": \"7\", \"rules\": ["
                + "{\"id\": \"s2-spoke\", \"when\": {\"type\": \"emotion\"}, \"scope\": {\"speakers\": [\"S2\"]},"
                + " \"then\": [{\"type\": \"flag\", \"flag\": \"s2\"}]}]}";
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(new AlternatingDiarizer()), List.of(new LoudnessEmotion()), List.of(new CountingTranscriber()),
                List.of(new JsonRuleEngineFactory(RuleSet.defaults())));
        AnalysisRun run;
        try (AnalysisPipeline pipeline = new AnalysisPipeline(catalog)) {
            run = pipeline.run(input, dir.resolve("out"),
                    RunOptions.of(AnalysisListener.NONE).withRules(onlySpeakerTwo, 7));
        }
        assertFalse(run.result().flags().isEmpty(), run.result().segments().toString());
        assertTrue(run.result().flags().stream().allMatch(f -> f.rule().equals("s2-spoke")
                && "S2".equals(f.speaker())), run.result().flags().toString());
        JsonNode rules = ResultJson.mapper().readTree(run.directory().resolve("rules.json").toFile());
        assertEquals("caller", rules.path("ruleSet").path("name").asText());
        JsonNode result = ResultJson.mapper().readTree(run.directory().resolve("result.json").toFile());
        assertEquals(run.result().flags().size(), result.path("flags").size());
        assertEquals("7", result.path("rules").path("version").asText());
    }
}
