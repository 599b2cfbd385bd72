package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A synthetic vowel: the formants move by the factor, the pitch and the level stay. */
class FormantShiftTest {
    private static final int RATE = 16_000;

    /** One second of a 120 Hz pulse train through resonators at 700 and 1 200 Hz. */
    private static float[] vowel() {
        double[] x = new double[RATE];
        for (int t = 0; t < x.length; t += RATE / 120) {
            x[t] = 1;
        }
        for (double f : new double[] {700, 1200}) {
            double r = Math.exp(-Math.PI * 80 / RATE);
            double c = 2 * r * Math.cos(2 * Math.PI * f / RATE);
            double y1 = 0;
            double y2 = 0;
            for (int t = 0; t < x.length; t++) {
                double y = x[t] + c * y1 - r * r * y2;
                y2 = y1;
                y1 = y;
                x[t] = y;
            }
        }
        float[] out = new float[x.length];
        double peak = java.util.Arrays.stream(x).map(Math::abs).max().orElse(1);
        for (int t = 0; t < x.length; t++) {
            out[t] = (float) (0.3 * x[t] / peak);
        }
        return out;
    }

    /** The strongest peak of the order-18 envelope of the middle half second between lo and hi Hz. */
    private static double envelopePeak(float[] x, double lo, double hi) {
        double[] frame = new double[RATE / 2];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = x[RATE / 4 + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (frame.length - 1)));
        }
        double[] a = FormantShift.levinson(FormantShift.autocorrelation(frame), new double[1]);
        double best = 0;
        double at = 0;
        for (double f = lo; f <= hi; f += 2) {
            double w = 2 * Math.PI * f / RATE;
            double re = 0;
            double im = 0;
            for (int i = 0; i < a.length; i++) {
                re += a[i] * Math.cos(i * w);
                im -= a[i] * Math.sin(i * w);
            }
            double p = 1 / (re * re + im * im);
            if (p > best) {
                best = p;
                at = f;
            }
        }
        return at;
    }

    /** The lag (samples) of the strongest autocorrelation between 80 and 250 Hz of pitch. */
    private static int pitchLag(float[] x) {
        int bestLag = 0;
        double best = -1;
        for (int lag = RATE / 250; lag <= RATE / 80; lag++) {
            double s = 0;
            for (int t = RATE / 4; t < 3 * RATE / 4; t++) {
                s += x[t] * x[t - lag];
            }
            if (s > best) {
                best = s;
                bestLag = lag;
            }
        }
        return bestLag;
    }

    @Test
    void theFormantsMoveByTheFactorWhileThePitchAndLevelStay() {
        float[] v = vowel();
        double f1 = envelopePeak(v, 400, 950);
        assertEquals(700, f1, 40, "the test vowel's first formant");
        for (double factor : new double[] {0.87, 1.15}) {
            float[] s = FormantShift.apply(v, factor);
            assertEquals(f1 * factor, envelopePeak(s, 400, 950), 45, "first formant at x" + factor);
            assertEquals(pitchLag(v), pitchLag(s), 1, "pitch period at x" + factor);
            assertEquals(WaveAugmenter.rms(v), WaveAugmenter.rms(s), 1e-4, "level at x" + factor);
        }
    }

    /**
     * The pitch shift of {@link BatchSampler#withPitchShift}: formants moved by 1 / r, then resampled by r, as a crop is
     * made: the pitch moves by r, the formants come back where they were.
     */
    @Test
    void formantsMovedBackThenResampledMoveThePitchAlone() {
        float[] v = vowel();
        double f1 = envelopePeak(v, 400, 950);
        for (double r : new double[] {0.82, 1.22}) {
            int in = (int) Math.ceil(RATE * r) + 1;
            float[] piece = io.emotrace.diarization.embedding.SpeakerFbank.tile(v, in);
            float[] s = WaveAugmenter.resample(FormantShift.apply(piece, 1 / r), r, RATE);
            assertEquals(f1, envelopePeak(s, 400, 950), 50, "first formant kept at pitch x" + r);
            assertEquals(pitchLag(v) / r, pitchLag(s), 2, "pitch period at x" + r);
            float[] plain = WaveAugmenter.resample(piece, r, RATE);
            assertEquals(f1 * r, envelopePeak(plain, 400, 950), 50, "a plain resample moves the formant (control)");
        }
    }

    @Test
    void silenceStaysSilentAndOddFactorsAreRefused() {
        float[] quiet = new float[4000];
        float[] s = FormantShift.apply(quiet, 1.1);
        assertEquals(0, WaveAugmenter.rms(s), 0);
        assertThrows(IllegalArgumentException.class, () -> FormantShift.apply(quiet, 3));
    }
}
