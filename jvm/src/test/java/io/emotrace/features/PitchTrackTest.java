package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PitchTrackTest {
    private static float[] tone(double hz, double seconds) {
        float[] x = new float[(int) (seconds * 16000)];
        for (int i = 0; i < x.length; i++) {
            // a voice-like tone: fundamental plus two harmonics
            double p = 2 * Math.PI * hz * i / 16000;
            x[i] = (float) (0.3 * Math.sin(p) + 0.2 * Math.sin(2 * p) + 0.1 * Math.sin(3 * p));
        }
        return x;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {PitchTrack.LEGACY, PitchTrack.LATEST})
    void aVoicedToneGivesItsPitchInOctavesAboveOneHundredHertz(int tracker) {
        for (double hz : new double[] {90, 150, 200, 320}) {
            float[] p = PitchTrack.compute(tone(hz, 1.0), tracker);
            assertEquals(PitchTrack.frames(16000), p.length / PitchTrack.CHANNELS);
            int mid = p.length / PitchTrack.CHANNELS / 2;
            double expected = Math.log(hz / 100) / Math.log(2);
            assertEquals(expected, p[mid * PitchTrack.CHANNELS], 0.05, hz + " Hz");
            assertTrue(p[mid * PitchTrack.CHANNELS + 1] > 0.9, "voicing of a clean tone");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {PitchTrack.LEGACY, PitchTrack.LATEST})
    void noiseIsUnvoicedAndSilenceGivesZeros(int tracker) {
        SplittableRandom r = new SplittableRandom(3);
        float[] noise = new float[16000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (r.nextDouble() - 0.5);
        }
        float[] p = PitchTrack.compute(noise, tracker);
        int frames = p.length / PitchTrack.CHANNELS;
        int voiced = 0;
        for (int t = 0; t < frames; t++) {
            voiced += p[t * PitchTrack.CHANNELS + 1] >= PitchTrack.VOICED ? 1 : 0;
        }
        assertTrue(voiced < frames / 10, voiced + " of " + frames + " noise frames voiced");
        float[] quiet = PitchTrack.compute(new float[8000], tracker);
        for (float v : quiet) {
            assertEquals(0f, v);
        }
        assertEquals(0, PitchTrack.compute(new float[300], tracker).length, "shorter than one frame");
    }

    @Test
    void unvoicedFramesAreInterpolatedBetweenVoicedNeighbours() {
        double[] v = {0, 1, 0, 0, 4, 0};
        boolean[] voiced = {false, true, false, false, true, false};
        PitchTrack.fillUnvoiced(v, voiced);
        assertArrayEquals(new double[] {1, 1, 2, 3, 4, 4}, v, 1e-9);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {PitchTrack.LEGACY, PitchTrack.LATEST})
    void aWindowOfTheChunksTrackEqualsTheWindowsOwnTrackAwayFromItsEdges(int tracker) {
        float[] chirp = new float[48000];
        double phase = 0;
        for (int i = 0; i < chirp.length; i++) {
            double hz = 110 + 200.0 * i / chirp.length; // a rising voice: misaligned frames would show
            phase += 2 * Math.PI * hz / 16000;
            chirp[i] = (float) (0.3 * Math.sin(phase) + 0.15 * Math.sin(2 * phase));
        }
        float[] all = PitchTrack.compute(chirp, tracker);
        for (int off : new int[] {0, 8000, 16000, 32000}) {
            float[] shared = PitchTrack.window(all, off, 16000);
            float[] own = PitchTrack.compute(java.util.Arrays.copyOfRange(chirp, off, off + 16000), tracker);
            assertEquals(own.length, shared.length);
            for (int t = 12; t < own.length / PitchTrack.CHANNELS - 12; t++) {
                for (int c = 0; c < PitchTrack.CHANNELS; c++) {
                    assertEquals(own[t * PitchTrack.CHANNELS + c], shared[t * PitchTrack.CHANNELS + c], 1e-6,
                            "offset " + off + ", frame " + t + ", channel " + c);
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PitchTrack.window(all, 100, 16000));
    }

    /** A voice-like tone whose second harmonic is strong (a vowel's first formant near it). */
    private static float[] richTone(double hz, double seconds) {
        float[] x = new float[(int) (seconds * 16000)];
        for (int i = 0; i < x.length; i++) {
            double p = 2 * Math.PI * hz * i / 16000;
            x[i] = (float) (0.2 * Math.sin(p) + 0.3 * Math.sin(2 * p + 0.4) + 0.15 * Math.sin(3 * p + 1.1)
                    + 0.08 * Math.sin(4 * p + 2.0));
        }
        return x;
    }

    @Test
    void theSecondTrackerReadsHighVoicesWithoutOctaveErrors() {
        // periods that are not whole numbers of 8 kHz samples: a doubled period scores nearly as well as the period
        int wrongLegacy = 0;
        for (double hz = 70; hz <= 390; hz += 7.3) {
            for (float[] x : new float[][] {tone(hz, 0.6), richTone(hz, 0.6)}) {
                double expected = Math.log(hz / 100) / Math.log(2);
                float[] p = PitchTrack.compute(x, PitchTrack.LATEST);
                int frames = p.length / PitchTrack.CHANNELS;
                for (int t = 3; t < frames - 3; t++) {
                    assertEquals(expected, p[t * PitchTrack.CHANNELS], 0.02, hz + " Hz, frame " + t);
                }
                float[] legacy = PitchTrack.compute(x, PitchTrack.LEGACY);
                wrongLegacy += Math.abs(legacy[frames / 2 * PitchTrack.CHANNELS] - expected) > 0.5 ? 1 : 0;
            }
        }
        assertTrue(wrongLegacy > 0, "the legacy tracker's octave errors (what tracker 2 mends) are seen here");
    }

    @Test
    void clipsTooShortForTheLongestLagReadNoFalsePitch() {
        // 30-55 ms: the comparison windows fit only some lags; the edge of what was measured is not a peak
        for (double hz : new double[] {120, 200, 300}) {
            double truth = Math.log(hz / 100) / Math.log(2);
            for (int n = 480; n <= 900; n += 2) {
                float[] p = PitchTrack.compute(java.util.Arrays.copyOf(tone(hz, 0.1), n), PitchTrack.LATEST);
                for (int t = 0; t < p.length / PitchTrack.CHANNELS; t++) {
                    double v = p[t * PitchTrack.CHANNELS];
                    assertTrue(v == 0 || Math.abs(v - truth) < 0.05, hz + " Hz, " + n + " samples, frame " + t + ": " + v);
                }
            }
        }
    }

    @Test
    void sharedHopSumsGiveEachFramesOwnDotProduct() {
        // tracker 2's lagged dot products, summed from per-hop partial sums, against each frame's own window
        // (8 kHz signals of every length class: clamped edge frames, the interior, clips shorter than one window)
        SplittableRandom rnd = new SplittableRandom(11);
        int minLag = 8000 / 400;
        int maxLag = 8000 / 60;
        int window = 240;
        for (int n = 250; n < 3000; n += 37) {
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = (float) (Math.sin(i * 0.21) * 0.4 + rnd.nextDouble(-0.2, 0.2));
            }
            int frames = PitchTrack.frames(2 * n);
            int last = Math.min(maxLag + 1, n - window);
            int lags = maxLag + 3 - minLag;
            // the whole clip at once, or from a frame part-way in (as long clips are taken, DOT_FRAMES at a time)
            int from = n % 3 == 0 ? 0 : frames / 3;
            double[] dots = PitchTrack.lagDots(y, from, frames, last);
            assertEquals((frames - from) * lags, dots.length);
            for (int t = from; t < frames; t++) {
                for (int l = minLag - 1; l <= last; l++) {
                    int centre = (t * 160 + 200) / 2;
                    int a = Math.max(0, Math.min(n - window - l, centre - (window + l) / 2));
                    double direct = 0;
                    double scale = 0;
                    for (int i = 0; i < window; i++) {
                        direct += y[a + i] * (double) y[a + l + i];
                        scale += Math.abs(y[a + i] * (double) y[a + l + i]);
                    }
                    assertEquals(direct, dots[(t - from) * lags + l - (minLag - 1)], 1e-12 * scale + 1e-300,
                            n + " samples, frame " + t + ", lag " + l);
                }
            }
        }
    }

    @Test
    void aLongClipIsTrackedToItsEnd() {
        // more frames than the dot products held at once: every block of frames reads the tone's pitch
        float[] x = tone(150, 12.0);
        float[] p = PitchTrack.compute(x, PitchTrack.LATEST);
        int frames = p.length / PitchTrack.CHANNELS;
        assertTrue(frames > 2 * PitchTrack.DOT_FRAMES, "frames " + frames);
        double expected = Math.log(150 / 100.0) / Math.log(2);
        for (int t = 2; t < frames - 2; t++) {
            assertEquals(expected, p[t * PitchTrack.CHANNELS], 0.02, "frame " + t);
            assertTrue(p[t * PitchTrack.CHANNELS + 1] > 0.9, "voicing at frame " + t);
        }
    }

    @Test
    void decimationSumsEachOutputInTapOrder() {
        // four outputs summed side by side give, bit for bit, each output's own sum in tap order (zero outside)
        SplittableRandom rnd = new SplittableRandom(5);
        float[] h = PitchTrack.lowPass(31, 3600.0 / 16000); // the filter decimate() applies
        for (int n : new int[] {0, 1, 7, 30, 31, 32, 33, 37, 38, 39, 40, 41, 64, 99, 100, 1001, 4000}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) rnd.nextDouble(-1, 1);
            }
            float[] y = PitchTrack.decimate(x);
            assertEquals(n / 2, y.length);
            for (int i = 0; i < y.length; i++) {
                double acc = 0;
                for (int k = 0; k < h.length; k++) {
                    int j = 2 * i + k - h.length / 2;
                    if (j >= 0 && j < n) {
                        acc += h[k] * x[j];
                    }
                }
                assertEquals((float) acc, y[i], 0f, n + " samples, output " + i);
            }
        }
    }

    @Test
    void anUnknownTrackerIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PitchTrack.compute(new float[16000], 3));
    }
}
