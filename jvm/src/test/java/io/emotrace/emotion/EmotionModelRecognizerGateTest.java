package io.emotrace.emotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.Segment;
import io.emotrace.emotion.testing.PitchEmotionModel;
import io.emotrace.emotion.testing.SpeechLike;
import io.emotrace.pipeline.ProgressListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline's emotion stage puts every backend behind the input-quality gate. */
class EmotionModelRecognizerGateTest {
    @Test
    void silenceNoiseAndShortSegmentsAreUnknownAndNeverReachTheModel() throws Exception {
        float[] audio = new float[8 * 16_000];
        SpeechLike.voiced(audio, 0, 2 * 16_000, 1000, 0.3, 1);
        System.arraycopy(SpeechLike.whiteNoise(2 * 16_000, 0.1, 2), 0, audio, 4 * 16_000, 2 * 16_000);
        float[] tone = SpeechLike.tone(2 * 16_000, 440, 0.3);
        System.arraycopy(tone, 0, audio, 6 * 16_000, tone.length);
        PitchEmotionModel model = new PitchEmotionModel();
        try (EmotionModelRecognizer r = new EmotionModelRecognizer(model)) {
            List<EmotionEstimate> e = r.recognize(new ArrayAudioSource(audio), List.of(new Segment("A", 0, 2),
                    new Segment("A", 2, 4), new Segment("B", 4, 6), new Segment("B", 6, 8), new Segment("A", 1.0, 1.2)),
                    ProgressListener.NONE);
            assertEquals(Emotion.ANGRY, e.get(0).emotion());
            assertEquals(e.get(0).scores().get(Emotion.ANGRY), e.get(0).confidence(), 1e-9);
            for (int i : new int[] {1, 2, 4}) {
                assertEquals(Emotion.UNKNOWN, e.get(i).emotion(), "segment " + i);
                assertEquals(0.0, e.get(i).confidence());
            }
            // a steady tone is judged, with its confidence cut
            assertTrue(e.get(3).confidence() < 0.5 * e.get(3).scores().get(e.get(3).emotion()), e.get(3).toString());
            assertEquals(2, model.clips.get(), "only the speech and the tone ran");
        }
    }
}
