package io.emotrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.audio.AudioSource;
import io.emotrace.audio.WavWriter;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerVoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline collects each speaker's voice once and hands the same voices to the emotion stage and its track. */
public class SharedVoicesTest {
    @TempDir
    Path dir;

    /** A voice-normalised recognizer that counts how often the voices are collected and what it was given. */
    static final class VoiceCounting extends TestStages.SelfContained<EmotionRecognizer>
            implements EmotionRecognizerFactory, EmotionRecognizer {
        private final TestStages.LoudnessEmotion scores = new TestStages.LoudnessEmotion();
        int collected;
        final List<Map<String, SpeakerVoice>> givenToRecognize = new ArrayList<>();
        final List<Map<String, SpeakerVoice>> givenToTrack = new ArrayList<>();

        VoiceCounting() {
            super("voice-counting-test", "voice counting");
        }

        @Override
        public boolean usesSpeakerVoice() {
            return true;
        }

        @Override
        public Map<String, SpeakerVoice> voices(AudioSource audio, List<Segment> segments, ProgressListener p) {
            collected++;
            Map<String, SpeakerVoice> v = new HashMap<>();
            for (Segment s : segments) {
                v.put(s.speaker() == null ? "" : s.speaker(), SpeakerVoice.empty(4));
            }
            return v;
        }

        @Override
        public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener p) {
            return recognize(audio, segments, voices(audio, segments, p), p);
        }

        @Override
        public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments,
                Map<String, SpeakerVoice> voices, ProgressListener p) {
            givenToRecognize.add(voices);
            return scores.recognize(audio, segments, p);
        }

        @Override
        public EmotionTracks track(AudioSource audio, List<Segment> segments, ProgressListener p) {
            return track(audio, segments, voices(audio, segments, p), p);
        }

        @Override
        public EmotionTracks track(AudioSource audio, List<Segment> segments, Map<String, SpeakerVoice> voices,
                ProgressListener p) {
            givenToTrack.add(voices);
            return scores.track(audio, segments, p);
        }
    }

    @Test
    void voicesAreCollectedOnceForEstimatesAndTrack() throws Exception {
        Path input = dir.resolve("two.wav");
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(AnalysisPipelineTest.concat(AnalysisPipelineTest.silence(0.5), AnalysisPipelineTest.tone(1.0, 0.05),
                    AnalysisPipelineTest.silence(0.7), AnalysisPipelineTest.tone(0.8, 0.5),
                    AnalysisPipelineTest.silence(0.6)));
        }
        VoiceCounting emotion = new VoiceCounting();
        StageCatalog catalog = StageCatalog.of(List.of(new TestStages.WavOnlyDecoder()),
                List.of(new TestStages.EnergyVad()), List.of(new TestStages.AlternatingDiarizer()), List.of(emotion),
                List.of(), List.of());
        AnalysisRun run;
        try (AnalysisPipeline p = new AnalysisPipeline(catalog)) {
            run = p.run(input, dir.resolve("out"), RunOptions.of(e -> { }));
        }
        assertTrue(run.result().segments().size() >= 2, "the test recording has two voiced segments");
        assertEquals(1, emotion.collected, "one pass over the speakers' audio");
        assertEquals(1, emotion.givenToRecognize.size());
        assertEquals(1, emotion.givenToTrack.size());
        assertSame(emotion.givenToRecognize.get(0), emotion.givenToTrack.get(0));
        assertEquals(2, emotion.givenToTrack.get(0).size(), "a voice per diarized speaker");
    }
}
