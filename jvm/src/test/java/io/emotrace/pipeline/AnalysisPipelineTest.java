package io.emotrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioInfo;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.audio.WavWriter;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.StageStatus;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.OutputWriter;
import io.emotrace.output.ResultJson;
import io.emotrace.output.SpeakerTimeline;
import io.emotrace.output.TimelineJson;
import io.emotrace.pipeline.TestStages.AngerRule;
import io.emotrace.pipeline.TestStages.EnergyVad;
import io.emotrace.pipeline.TestStages.LoudnessEmotion;
import io.emotrace.pipeline.TestStages.WavOnlyDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisPipelineTest {
    @TempDir
    Path dir;
    Path input;
    Path outputs;
    float[] signal;

    /** Silence, a quiet tone, silence, a loud tone, silence, a quiet tone: three speech regions. */
    @BeforeEach
    void makeInput() throws IOException {
        signal = concat(silence(0.5), tone(1.0, 0.05), silence(0.7), tone(0.8, 0.5), silence(0.6), tone(1.2, 0.05),
                silence(0.4));
        input = dir.resolve("meeting.wav");
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(signal);
        }
        outputs = dir.resolve("outputs");
    }

    static float[] silence(double s) {
        return new float[(int) (s * 16000)];
    }

    static float[] tone(double s, double amp) {
        float[] x = new float[(int) (s * 16000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        }
        return x;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private List<String> published() throws IOException {
        if (!Files.exists(outputs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(outputs)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static AnalysisResult.Stage stage(AnalysisResult r, String name) {
        return r.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void allStagesOkProduceACompleteResultThatRoundTrips() throws Exception {
        AnalysisRun run = new AnalysisPipeline(TestStages.all()).run(input, outputs, ProgressListener.NONE);
        AnalysisResult r = run.result();
        assertEquals(List.of("decode", "vad", "diarization", "emotion", "emotion-track", "asr", "rules"),
                r.stages().stream().map(AnalysisResult.Stage::name).toList());
        r.stages().forEach(s -> assertEquals(StageStatus.OK, s.status(), s.toString()));
        assertEquals(3, r.speech().size());
        assertEquals(2.2, r.speech().get(1).start(), 0.031);
        assertEquals(List.of("S1", "S2"), r.speakers().stream().map(AnalysisResult.Speaker::id).toList());
        assertEquals(List.of("S1", "S2", "S1"), r.segments().stream().map(AnalyzedSegment::speaker).toList());
        assertEquals(List.of(Emotion.NEUTRAL, Emotion.ANGRY, Emotion.NEUTRAL),
                r.segments().stream().map(s -> s.emotion().emotion()).toList());
        assertEquals(1, r.flags().size());
        assertEquals("S2", r.flags().get(0).speaker());
        assertEquals(2, r.segments().get(0).words().size());
        assertEquals(signal.length, r.processedAudio().samples());

        // processed_audio.wav holds exactly the decoded samples
        try (AudioSource back = AnalysisPipeline.openProcessed(run.directory())) {
            float[] x = back.read(0, signal.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(signal[i], x[i], 1.0 / 32768 + 1e-7);
            }
        }
        // round trip through Jackson
        assertEquals(r, ResultJson.read(run.directory().resolve("result.json")));
        assertEquals(List.of("diarization.rttm", "processed_audio.wav", "result.json", "timeline.json",
                "transcript.txt"), list(run.directory()));
        assertTrue(run.directory().getFileName().toString().matches("meeting_\\d{8}_\\d{6}"));
        assertEquals(64, r.input().sha256().length());
        assertEquals(Files.size(input), r.input().sizeBytes());
    }

    @Test
    void perSpeakerTimelinesRttmAndTranscriptSitBesideResult() throws Exception {
        AnalysisRun run = new AnalysisPipeline(TestStages.all()).run(input, outputs, ProgressListener.NONE);
        AnalysisResult r = run.result();
        assertEquals("en", r.language());
        r.segments().forEach(s -> assertEquals("en", s.language()));
        assertEquals(List.of("S1", "S2"), r.timelines().stream().map(SpeakerTimeline::speaker).toList());
        SpeakerTimeline s1 = r.timelines().get(0);
        SpeakerTimeline s2 = r.timelines().get(1);
        assertEquals(2, s1.turns().size());
        assertEquals(1, s2.turns().size());
        // talk time is the sum of the speaker's exclusive turns; shares add up to 1
        double t1 = r.segments().get(0).end() - r.segments().get(0).start() + r.segments().get(2).end()
                - r.segments().get(2).start();
        assertEquals(t1, s1.summary().talkSeconds(), 1e-9);
        assertEquals(1.0, s1.summary().shareOfTalk() + s2.summary().shareOfTalk(), 1e-9);
        assertEquals(Emotion.NEUTRAL, s1.summary().dominantEmotion());
        assertEquals(Emotion.ANGRY, s2.summary().dominantEmotion());
        assertEquals(1.0, s2.summary().emotionDistribution().get(Emotion.ANGRY), 1e-9);
        // every track point lies inside one of the speaker's turns, in time order
        assertFalse(s1.track().isEmpty());
        for (SpeakerTimeline tl : r.timelines()) {
            double prev = -1;
            for (EmotionTrackPoint p : tl.track()) {
                assertTrue(tl.turns().stream().anyMatch(t -> p.start() >= t.start() - 1e-9 && p.end() <= t.end() + 1e-9), p.toString());
                assertTrue(p.time() > prev);
                prev = p.time();
            }
        }
        // S1: points in both turns (1.0 s and 1.2 s, 1 s windows every 0.5 s); S2: one short turn, one point
        assertTrue(s1.track().size() >= 3, s1.track().toString());
        assertEquals(1, s2.track().size());
        assertEquals("track", s1.summary().volatility().basis());
        assertEquals(0, s1.summary().volatility().dominantChanges());
        assertEquals("none", s2.summary().volatility().basis());
        assertNull(s2.summary().volatility().meanScoreDrift());
        assertEquals(s1.summary().words(), s1.turns().stream().mapToInt(t -> t.words().size()).sum());

        TimelineJson.Document doc = TimelineJson.read(run.directory().resolve("timeline.json"));
        assertEquals(r.timelines(), doc.speakers());
        assertEquals("meeting.wav", doc.input());
        List<String> rttm = Files.readAllLines(run.directory().resolve("diarization.rttm"));
        assertEquals(3, rttm.size());
        SpeakerTurn first = r.speakerTurns().get(0);
        assertEquals(String.format(java.util.Locale.ROOT, "SPEAKER meeting 1 %.3f %.3f <NA> <NA> S1 <NA> <NA>",
                first.start(), first.end() - first.start()), rttm.get(0));
        List<String> transcript = Files.readAllLines(run.directory().resolve("transcript.txt"));
        assertEquals(3, transcript.size());
        assertTrue(transcript.get(1).matches("\\[00:00:0[12]\\.\\d{3} - 00:00:03\\.\\d{3}\\] S2 \\(angry 0\\.\\d\\d\\): w0.*"),
                transcript.get(1));
    }

    @Test
    void missingStagesAreReportedUnavailableNeverFaked() throws Exception {
        AnalysisRun run = new AnalysisPipeline(TestStages.decoderOnly()).run(input, outputs, ProgressListener.NONE);
        AnalysisResult r = run.result();
        assertEquals(StageStatus.OK, stage(r, "decode").status());
        for (String s : List.of("vad", "diarization", "emotion", "asr", "rules")) {
            assertEquals(StageStatus.UNAVAILABLE, stage(r, s).status(), s);
            assertTrue(stage(r, s).detail().startsWith("no implementation on the classpath yet"), stage(r, s).detail());
        }
        assertEquals("no implementation on the classpath yet (diarization issue)", stage(r, "diarization").detail());
        assertEquals(StageStatus.UNAVAILABLE, stage(r, "emotion-track").status());
        assertEquals("skipped: needs the emotion stage", stage(r, "emotion-track").detail());
        assertTrue(r.speech().isEmpty() && r.speakers().isEmpty() && r.segments().isEmpty() && r.flags().isEmpty());
        assertTrue(r.timelines().isEmpty() && r.speakerTurns().isEmpty());
        assertNull(r.language());
        // no diarization: no RTTM; the transcript and timeline files are there, empty of turns
        assertEquals(List.of("processed_audio.wav", "result.json", "timeline.json", "transcript.txt"),
                list(run.directory()));
        assertEquals(r, ResultJson.read(run.directory().resolve("result.json")));
    }

    @Test
    void theEmotionStageSaysWhenARecordingsSpeechIsTelephoneBand() throws Exception {
        StageCatalog call = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(TestStages.failingDiarizer()), List.of(new TestStages.CallEmotion()),
                List.of(TestStages.unavailable(TranscriberFactory.class, "no ASR model configured")),
                List.of(new AngerRule()));
        String detail = stage(new AnalysisPipeline(call).run(input, outputs, ProgressListener.NONE).result(), "emotion")
                .detail();
        assertTrue(detail.startsWith("loudness of a call; this recording's speech is telephone-band (0.000 %"), detail);
        // a recognizer without voices says nothing of the band
        AnalysisResult plain = new AnalysisPipeline(TestStages.all()).run(input, outputs, ProgressListener.NONE).result();
        assertFalse(stage(plain, "emotion").detail().contains("telephone"), stage(plain, "emotion").detail());
    }

    @Test
    void aFailedStageIsRecordedAndTheOthersStillRun() throws Exception {
        StageCatalog catalog = StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(TestStages.failingDiarizer()), List.of(new LoudnessEmotion()),
                List.of(TestStages.unavailable(TranscriberFactory.class, "no ASR model configured")),
                List.of(new AngerRule()));
        AnalysisResult r = new AnalysisPipeline(catalog).run(input, outputs, ProgressListener.NONE).result();
        assertEquals(StageStatus.FAILED, stage(r, "diarization").status());
        assertEquals("IllegalStateException: embedding model exploded (injected)", stage(r, "diarization").detail());
        assertEquals(StageStatus.UNAVAILABLE, stage(r, "asr").status());
        assertEquals("unavailable-test: no ASR model configured", stage(r, "asr").detail());
        assertEquals(StageStatus.OK, stage(r, "emotion").status());
        assertEquals(StageStatus.OK, stage(r, "rules").status());
        // without diarization, emotion runs on the VAD regions, with no speaker
        assertEquals(3, r.segments().size());
        r.segments().forEach(s -> assertNull(s.speaker()));
        r.segments().forEach(s -> assertNull(s.text()));
        assertTrue(r.speakers().isEmpty());
        assertEquals(1, r.flags().size());
    }

    @Test
    void progressEventsCoverEveryStageInOrderAndStayInRange() throws Exception {
        List<ProgressEvent> events = new ArrayList<>();
        new AnalysisPipeline(TestStages.all()).run(input, outputs, events::add);
        List<String> order = events.stream().map(ProgressEvent::stage).distinct().toList();
        // vad beside diarization, emotion beside asr: within a pair either may report first
        assertEquals(java.util.Set.of("decode", "vad", "diarization", "emotion", "asr", "rules", "outputs"),
                java.util.Set.copyOf(order));
        assertEquals(List.of("decode"), order.subList(0, 1));
        assertEquals(java.util.Set.of("vad", "diarization"), java.util.Set.copyOf(order.subList(1, 3)));
        assertEquals(java.util.Set.of("emotion", "asr"), java.util.Set.copyOf(order.subList(3, 5)));
        assertEquals(List.of("rules", "outputs"), order.subList(5, 7));
        for (String s : order) {
            List<Double> f = events.stream().filter(e -> e.stage().equals(s)).map(ProgressEvent::fraction).toList();
            assertEquals(1.0, f.get(f.size() - 1), s + " must end at 100%");
            for (int i = 1; i < f.size(); i++) {
                assertTrue(f.get(i) >= f.get(i - 1), s + " progress went backwards: " + f);
            }
        }
    }

    @Test
    void aCrashWhileWritingOutputsPublishesNothing() throws Exception {
        List<String> seenDuringWrite = new ArrayList<>();
        OutputWriter crashing = (runDir, result) -> {
            seenDuringWrite.addAll(published());
            Files.writeString(runDir.resolve("timeline.json"), "{\"segments\": [");
            throw new IOException("process killed mid-write (injected)");
        };
        AnalysisPipeline p = new AnalysisPipeline(TestStages.all(), List.of(OutputWriter.RESULT_JSON, crashing),
                Clock.systemDefaultZone());
        EmotraceException e = assertThrows(EmotraceException.class, () -> p.run(input, outputs, ProgressListener.NONE));
        assertEquals("output.write_failed", e.code());
        // while writing, only the hidden partial directory existed; afterwards nothing at all
        assertEquals(1, seenDuringWrite.size());
        assertTrue(seenDuringWrite.get(0).startsWith(".meeting_") && seenDuringWrite.get(0).contains(".partial-"));
        assertEquals(List.of(), published());

        // the same pipeline without the crash publishes a complete directory
        AnalysisRun ok = new AnalysisPipeline(TestStages.all()).run(input, outputs, ProgressListener.NONE);
        assertEquals(List.of(ok.directory().getFileName().toString()), published());
    }

    @Test
    void undecodableInputFailsTypedAndLeavesNothing() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.wav"), "these are meeting notes, not audio");
        EmotraceException e = assertThrows(EmotraceException.class,
                () -> new AnalysisPipeline(TestStages.all()).run(text, outputs, ProgressListener.NONE));
        assertEquals("audio.not_audio", e.code());
        assertEquals(List.of(), published());

        EmotraceException missing = assertThrows(EmotraceException.class, () -> new AnalysisPipeline(TestStages.all())
                .run(dir.resolve("nope.wav"), outputs, ProgressListener.NONE));
        assertEquals("input.not_found", missing.code());
    }

    @Test
    void aDecoderThatDiesMidStreamLeavesNothing() throws IOException {
        AudioDecoder dying = file -> new AudioStream() {
            int calls;

            @Override
            public AudioInfo info() {
                return new AudioInfo("wav", "pcm_s16le", 16000, 1, Double.NaN);
            }

            @Override
            public int read(float[] dst, int off, int len) throws UnsupportedAudioException {
                if (++calls > 2) {
                    throw new UnsupportedAudioException(UnsupportedAudioException.Reason.TRUNCATED, "cut (injected)");
                }
                return len;
            }

            @Override
            public long position() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        StageCatalog c = StageCatalog.of(List.of(dying), List.of(), List.of(), List.of(), List.of(), List.of());
        EmotraceException e = assertThrows(EmotraceException.class,
                () -> new AnalysisPipeline(c).run(input, outputs, ProgressListener.NONE));
        assertEquals("audio.truncated", e.code());
        assertEquals(List.of(), published());
    }

    @Test
    void noDecoderIsAClearTypedError() {
        StageCatalog c = StageCatalog.of(List.of(), List.of(new EnergyVad()), List.of(), List.of(), List.of(), List.of());
        EmotraceException e = assertThrows(EmotraceException.class,
                () -> new AnalysisPipeline(c).run(input, outputs, ProgressListener.NONE));
        assertEquals("decoder.unavailable", e.code());
        assertTrue(e.getMessage().startsWith("audio decoder not available"), e.getMessage());
        assertFalse(Files.exists(outputs));
    }

    @Test
    void speakerIdsAreRenamedByFirstAppearance() {
        List<SpeakerTurn> turns = List.of(new SpeakerTurn("zed", 5, 6), new SpeakerTurn("amy", 1, 2),
                new SpeakerTurn("zed", 3, 4));
        DiarizationResult d = new DiarizationResult(turns, turns).withCanonicalIds();
        assertEquals(List.of("S1", "S2", "S2"), d.exclusive().stream().map(SpeakerTurn::speaker).toList());
        assertEquals(List.of(1.0, 3.0, 5.0), d.exclusive().stream().map(SpeakerTurn::start).toList());
    }

    @Test
    void emotionLabelsMatchEmotion2VecPlus() {
        assertEquals("生气/angry 厌恶/disgusted 恐惧/fearful 开心/happy 中立/neutral 其他/other 难过/sad 吃惊/surprised <unk>",
                Stream.of(Emotion.values()).map(Emotion::modelLabel).collect(Collectors.joining(" ")));
        assertEquals(Emotion.SAD, Emotion.parse("难过/sad"));
        assertEquals(Emotion.SAD, Emotion.parse("难过"));
        assertEquals(Emotion.UNKNOWN, Emotion.parse("<unk>"));
        assertThrows(IllegalArgumentException.class, () -> Emotion.parse("calm"));
        EmotionEstimate e = EmotionEstimate.fromScores(new float[] {0.1f, 0, 0, 0.6f, 0.3f, 0, 0, 0, 0});
        assertEquals(Emotion.HAPPY, e.emotion());
        assertEquals(0.6, e.confidence(), 1e-6);
        assertArrayEquals(new Object[] {Emotion.ANGRY, Emotion.UNKNOWN},
                new Object[] {e.scores().keySet().iterator().next(), List.copyOf(e.scores().keySet()).get(8)});
    }

    private static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
