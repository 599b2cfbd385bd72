package io.emotrace.emotion.testing;

import io.emotrace.domain.EmotionEstimate;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.EmotionModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small deterministic model for tests of code written against {@link EmotionModel}: it measures the clip's
 * zero-crossing rate (a pitch proxy) and scores high-pitched clips as angry, low-pitched ones as sad, through a
 * softmax. Its 2-D "embedding" is (zero-crossing rate, RMS). Counts calls and clips so tests can check batching.
 */
public final class PitchEmotionModel implements EmotionModel {
    /** Zero-crossing rate (per sample) where angry and sad score equally. */
    public static final double PIVOT = 0.05;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger clips = new AtomicInteger();
    public volatile int longestClip;

    @Override
    public String name() {
        return "pitch-test";
    }

    @Override
    public int embeddingDim() {
        return 2;
    }

    @Override
    public double frameRate() {
        return 50;
    }

    @Override
    public double minSeconds() {
        return 0.3;
    }

    /** Sign changes per sample, with a small hysteresis so the noise floor in pauses does not count. */
    public static double zeroCrossingRate(float[] x, int from, int to) {
        int z = 0;
        int sign = 0;
        for (int i = from; i < to; i++) {
            int s = x[i] > 0.005f ? 1 : x[i] < -0.005f ? -1 : 0;
            if (s != 0) {
                if (sign != 0 && s != sign) {
                    z++;
                }
                sign = s;
            }
        }
        return z / (double) Math.max(1, to - from - 1);
    }

    public static float[] scores(double zcr) {
        double a = (zcr - PIVOT) * 200;
        double[] logits = {a, -4, -4, -4, -2, -4, -a, -4, -6};
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double z = 0;
        for (double l : logits) {
            z += Math.exp(l - max);
        }
        float[] p = new float[9];
        for (int i = 0; i < 9; i++) {
            p[i] = (float) (Math.exp(logits[i] - max) / z);
        }
        return p;
    }

    @Override
    public List<ClipEmotion> analyse(List<float[]> batch, boolean keepFrames) {
        calls.incrementAndGet();
        clips.addAndGet(batch.size());
        List<ClipEmotion> out = new ArrayList<>();
        for (float[] x : batch) {
            longestClip = Math.max(longestClip, x.length);
            double zcr = zeroCrossingRate(x, 0, x.length);
            double sq = 0;
            for (float v : x) {
                sq += v * v;
            }
            float[] emb = {(float) zcr, (float) Math.sqrt(sq / Math.max(1, x.length))};
            float[] frames = null;
            float[] frameScores = null;
            int t = keepFrames && x.length >= 400 ? (x.length - 400) / 320 + 1 : 0;
            if (keepFrames) {
                frames = new float[t * 2];
                frameScores = new float[t * 9];
                for (int f = 0; f < t; f++) {
                    double fz = zeroCrossingRate(x, f * 320, f * 320 + 400);
                    frames[2 * f] = (float) fz;
                    System.arraycopy(scores(fz), 0, frameScores, 9 * f, 9);
                }
            }
            out.add(new ClipEmotion(EmotionEstimate.fromScores(scores(zcr)), null, t, 2, emb, frames, frameScores));
        }
        return out;
    }

    @Override
    public String describe() {
        return "pitch-test (zero-crossing rate, for tests)";
    }

    @Override
    public void close() {
    }
}
