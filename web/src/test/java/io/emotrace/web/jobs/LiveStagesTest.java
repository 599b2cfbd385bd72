package io.emotrace.web.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.domain.Segment;
import io.emotrace.domain.Transcript;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.TestStages;
import io.emotrace.pipeline.Transcriber;
import io.emotrace.pipeline.TranscriberFactory;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.SegmentEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The live wrappers publish per-segment results and otherwise behave exactly like the engines they wrap. */
class LiveStagesTest {
    private final List<SegmentEvent> published = new CopyOnWriteArrayList<>();
    private final AnalysisEvents events = new AnalysisEvents() {
        @Override
        public void segment(String recordingId, SegmentEvent segment) {
            assertEquals("rec-1", recordingId);
            published.add(segment);
        }
    };

    /** 3 s: a quiet second, then two loud ones, so the two segments get different scores. */
    private static ArrayAudioSource audio() {
        float[] x = new float[48_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((i < 16_000 ? 0.02 : 0.4) * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        return new ArrayAudioSource(x);
    }

    private static final List<Segment> SEGMENTS = List.of(new Segment("S1", 0, 1), new Segment("S2", 1, 3));

    @Test
    void emotionResultsArePublishedAndTheCurveStillComesFromTheRealEngine() throws Exception {
        TestStages.LoudnessEmotion real = new TestStages.LoudnessEmotion();
        EmotionRecognizerFactory live = LiveStages.liveEmotion(real, "rec-1", events);
        assertEquals(real.name(), live.name());
        assertEquals(real.availability(), live.availability());
        try (EmotionRecognizer engine = live.create()) {
            List<EmotionEstimate> out = engine.recognize(audio(), SEGMENTS, ProgressListener.NONE);
            assertEquals(real.recognize(audio(), SEGMENTS, ProgressListener.NONE), out);
            assertEquals(2, published.size());
            for (int i = 0; i < 2; i++) {
                SegmentEvent e = published.get(i);
                assertEquals(i, e.index());
                assertEquals("emotion", e.stage());
                assertEquals(SEGMENTS.get(i).speaker(), e.speaker());
                assertEquals(out.get(i).emotion().english(), e.emotion());
                assertEquals(out.get(i).confidence(), e.confidence(), 1e-12);
                assertNull(e.text());
            }
            // the interface default would throw emotion.no_track: the wrapper must reach the real curve
            EmotionTracks tracks = engine.track(audio(), SEGMENTS, ProgressListener.NONE);
            assertEquals(real.track(audio(), SEGMENTS, ProgressListener.NONE), tracks);
            assertEquals("loudness", engine.describe());
        }
    }

    @Test
    void transcriptsArePublishedWithTheirText() throws Exception {
        TranscriberFactory live = LiveStages.liveAsr(new TestStages.CountingTranscriber(), "rec-1", events);
        try (Transcriber engine = live.create()) {
            List<Transcript> out = engine.transcribe(audio(), SEGMENTS, ProgressListener.NONE);
            assertEquals(2, published.size());
            assertEquals("asr", published.get(1).stage());
            assertEquals(out.get(1).text(), published.get(1).text());
            assertTrue(published.get(1).text().startsWith("w0 w1"), published.get(1).text());
            assertNull(published.get(1).emotion());
        }
    }

    @Test
    void theEnginesOwnTypedErrorsComeThroughUnwrapped() {
        EmotionRecognizerFactory broken = TestStages.unavailable(EmotionRecognizerFactory.class, "no model here");
        EmotionRecognizerFactory live = LiveStages.liveEmotion(broken, "rec-1", events);
        assertEquals("no model here", live.availability().detail());
        EmotraceException e = assertThrows(EmotraceException.class, live::create);
        assertEquals("test.unavailable", e.code());
        assertTrue(published.isEmpty());
    }
}
