package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrialBootstrapTest {
    private static final String[] EMOTIONS = {"angry", "sad", "neutral"};

    /** Speakers of unit vectors around their own direction; each clip's emotion pulls it along a shared axis. */
    private static List<SpeakerClip> clips(int speakers, int perSpeaker, List<float[]> emb, double spread, double pull,
            long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int dim = 16;
        List<SpeakerClip> out = new ArrayList<>();
        float[] emotionAxis = unit(random(rng, dim));
        for (int s = 0; s < speakers; s++) {
            float[] centre = unit(random(rng, dim));
            for (int k = 0; k < perSpeaker; k++) {
                int e = k % EMOTIONS.length;
                float[] v = random(rng, dim);
                for (int d = 0; d < dim; d++) {
                    v[d] = (float) (centre[d] + spread * v[d] + pull * (e - 1) * emotionAxis[d]);
                }
                emb.add(unit(v));
                out.add(new SpeakerClip("s" + s, "corpus/s" + s + "-" + k, s == 0 && k == 0 ? null : EMOTIONS[e],
                        new float[1], new float[0], 0));
            }
        }
        return out;
    }

    private static float[] random(SplittableRandom rng, int dim) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = (float) (v[d] / Math.sqrt(n));
        }
        return out;
    }

    @Test
    void estimatesAreTheEvaluationsOwnEersAndIntervalsHoldThem() {
        List<float[]> emb = new ArrayList<>();
        List<SpeakerClip> clips = clips(12, 9, emb, 0.6, 0.8, 3);
        float[][] e = emb.toArray(new float[0][]);
        TrialBootstrap.Figures f = TrialBootstrap.of(clips, e, 300);
        // the same lists scored by VerificationMetrics on the same (float) scores
        List<Double> allT = new ArrayList<>();
        List<Double> allN = new ArrayList<>();
        List<Double> crossT = new ArrayList<>();
        List<Double> sameT = new ArrayList<>();
        List<Double> labelledN = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            for (int j = i + 1; j < clips.size(); j++) {
                double s = (float) SpeakerEvaluation.dot(e[i], e[j]);
                SpeakerClip a = clips.get(i);
                SpeakerClip b = clips.get(j);
                boolean same = a.speaker().equals(b.speaker());
                (same ? allT : allN).add(s);
                if (a.emotion() == null || b.emotion() == null) {
                    continue;
                }
                if (!same) {
                    labelledN.add(s);
                } else {
                    (a.emotion().equals(b.emotion()) ? sameT : crossT).add(s);
                }
            }
        }
        assertEquals(eer(allT, allN), f.all().estimate(), 1e-12);
        assertEquals(eer(crossT, labelledN), f.crossEmotion().estimate(), 1e-12);
        assertEquals(eer(sameT, labelledN), f.sameEmotion().estimate(), 1e-12);
        assertTrue(f.crossEmotion().estimate() > f.sameEmotion().estimate(), "the emotion axis moves a voice");
        for (var i : List.of(f.all(), f.crossEmotion(), f.sameEmotion(), f.gap())) {
            assertEquals(300, i.replicates());
            assertTrue(i.low() <= i.estimate() && i.estimate() <= i.high(), i.toString());
            assertTrue(i.high() > i.low(), "twelve speakers leave room to move: " + i);
        }
    }

    @Test
    void moreSpeakersNarrowTheIntervalAndAModelAgainstItselfDiffersByNothing() {
        List<float[]> few = new ArrayList<>();
        List<SpeakerClip> fewClips = clips(6, 6, few, 0.7, 0.3, 5);
        List<float[]> many = new ArrayList<>();
        List<SpeakerClip> manyClips = clips(48, 6, many, 0.7, 0.3, 5);
        TrialBootstrap.Figures a = TrialBootstrap.of(fewClips, few.toArray(new float[0][]), 300);
        TrialBootstrap.Figures b = TrialBootstrap.of(manyClips, many.toArray(new float[0][]), 300);
        assertTrue(b.all().high() - b.all().low() < a.all().high() - a.all().low(), a.all() + " / " + b.all());
        TrialBootstrap.Figures d = b.minus(TrialBootstrap.of(manyClips, many.toArray(new float[0][]), 300));
        assertEquals(0, d.all().low(), 0);
        assertEquals(0, d.all().high(), 0);
        assertEquals(0, d.crossEmotion().estimate(), 0);
    }

    @Test
    void separableVoicesHaveNoErrorInAnyDraw() {
        List<float[]> emb = new ArrayList<>();
        List<SpeakerClip> clips = clips(8, 4, emb, 0.01, 0, 9);
        TrialBootstrap.Figures f = TrialBootstrap.of(clips, emb.toArray(new float[0][]), 100);
        assertEquals(0, f.all().estimate(), 1e-12);
        assertEquals(0, f.all().high(), 1e-12);
    }

    private static double eer(List<Double> t, List<Double> n) {
        return VerificationMetrics.compute(t.stream().mapToDouble(Double::doubleValue).toArray(),
                n.stream().mapToDouble(Double::doubleValue).toArray()).eer();
    }
}
