package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.domain.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Summaries checked against hand-computed values. */
class SpeakerTimelinesTest {
    /** A score vector with {@code p} on {@code top} and the rest spread evenly. */
    static EmotionEstimate est(Emotion top, double p) {
        float[] s = new float[9];
        for (int i = 0; i < 9; i++) {
            s[i] = (float) ((1 - p) / 8);
        }
        s[top.ordinal()] = (float) p;
        return EmotionEstimate.fromScores(s);
    }

    static EmotionTrackPoint pt(double t, Emotion e, double p) {
        return new EmotionTrackPoint(t, t - 0.5, t + 0.5, true, est(e, p));
    }

    @Test
    void talkTimeDistributionDominantAndVolatility() {
        List<AnalyzedSegment> segs = List.of(
                new AnalyzedSegment("S1", 0, 20, est(Emotion.ANGRY, 0.6), "no", List.of(new Word("no", 1, 1.2, 0.9)), "en"),
                new AnalyzedSegment("S2", 20, 30, est(Emotion.HAPPY, 0.7), "", List.of(), "en"),
                new AnalyzedSegment("S1", 30, 40, est(Emotion.NEUTRAL, 0.5), "ok", List.of(new Word("ok", 31, 31.3, 1)), "en"));
        EmotionTracks tracks = new EmotionTracks("test", List.of(
                List.of(pt(1, Emotion.ANGRY, 0.6), pt(2, Emotion.ANGRY, 0.6), pt(3, Emotion.SAD, 0.6)),
                List.of(pt(21, Emotion.HAPPY, 0.7)),
                List.of(pt(31, Emotion.NEUTRAL, 0.6))));
        List<SpeakerTimeline> t = SpeakerTimelines.build(segs, tracks);
        assertEquals(2, t.size());
        SpeakerTimeline s1 = t.get(0);
        assertEquals("S1", s1.speaker());
        assertEquals(30.0, s1.summary().talkSeconds(), 1e-12);
        assertEquals(0.75, s1.summary().shareOfTalk(), 1e-12);
        assertEquals(2, s1.summary().words());
        // 20 s angry, 10 s neutral
        assertEquals(Emotion.ANGRY, s1.summary().dominantEmotion());
        assertEquals(2 / 3.0, s1.summary().emotionDistribution().get(Emotion.ANGRY), 1e-12);
        assertEquals(1 / 3.0, s1.summary().emotionDistribution().get(Emotion.NEUTRAL), 1e-12);
        // track angry, angry, sad, neutral: 2 changes in 0.5 min; drift (0 + 0.55 + 0.55) / 3 with the TV distance
        // between "0.6 on one class, 0.05 elsewhere" vectors = (0.55 + 0.55) / 2
        SpeakerTimeline.Volatility v = s1.summary().volatility();
        assertEquals("track", v.basis());
        assertEquals(2, v.dominantChanges());
        assertEquals(4.0, v.changesPerMinute(), 1e-9);
        assertEquals((0 + 0.55 + 0.55) / 3, v.meanScoreDrift(), 1e-6);
        assertEquals(4, s1.track().size());
        // S2: one point, one turn: no volatility to speak of
        assertEquals("none", t.get(1).summary().volatility().basis());
        assertNull(t.get(1).summary().volatility().changesPerMinute());
    }

    @Test
    void withoutTrackVolatilityComesFromTurnsAndWithoutEmotionThereIsNoDominant() {
        List<AnalyzedSegment> segs = List.of(
                new AnalyzedSegment(null, 0, 30, est(Emotion.SAD, 0.9), null, List.of(), null),
                new AnalyzedSegment(null, 31, 61, est(Emotion.HAPPY, 0.9), null, List.of(), null));
        SpeakerTimeline only = SpeakerTimelines.build(segs, null).get(0);
        assertNull(only.speaker());
        assertTrue(only.track().isEmpty());
        assertEquals("turns", only.summary().volatility().basis());
        assertEquals(1, only.summary().volatility().dominantChanges());
        assertEquals(1.0, only.summary().volatility().changesPerMinute(), 1e-12);
        assertEquals(0.9 - 0.1 / 8, only.summary().volatility().meanScoreDrift(), 1e-6);

        SpeakerTimeline noEmotion = SpeakerTimelines.build(
                List.of(new AnalyzedSegment("S1", 0, 2, null, "hi", List.of(), "en")), null).get(0);
        assertNull(noEmotion.summary().dominantEmotion());
        assertTrue(noEmotion.summary().emotionDistribution().isEmpty());
        assertEquals("none", noEmotion.summary().volatility().basis());
    }
}
