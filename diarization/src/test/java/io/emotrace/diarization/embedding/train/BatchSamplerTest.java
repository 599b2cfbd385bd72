package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.diarization.embedding.SpeakerFbank;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {
    private static SpeakerClip clip(SpeakerFbank fb, String speaker, String emotion, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[16_000 + r.nextInt(8000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * Math.sin(i * (0.05 + 0.01 * (seed % 7))) + 0.01 * (r.nextDouble() - 0.5));
        }
        float[] f = fb.rawFbank(x, 0, x.length);
        return new SpeakerClip(speaker, speaker + "/" + seed, emotion, x, f, f.length / fb.bins());
    }

    private static final List<String> SPEAKERS = List.of("s0", "s1", "s2", "s3");

    /** A neutral and a happy clip of each of {@link #SPEAKERS}. */
    private static List<SpeakerClip> twoClipsEach(SpeakerFbank fb) {
        List<SpeakerClip> clips = new ArrayList<>();
        for (int s = 0; s < SPEAKERS.size(); s++) {
            clips.add(clip(fb, SPEAKERS.get(s), "neutral", 10 * s));
            clips.add(clip(fb, SPEAKERS.get(s), "happy", 10 * s + 1));
        }
        return clips;
    }

    @Test
    void partnerPrefersAnotherEmotionThenAnotherUtterance() {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            SpeakerClip angry = clip(fb, "a", "angry", 1);
            SpeakerClip angry2 = clip(fb, "a", "angry", 2);
            SpeakerClip sad = clip(fb, "a", "sad", 3);
            for (long s = 0; s < 20; s++) {
                assertSame(sad, BatchSampler.partner(List.of(angry, angry2, sad), angry, new SplittableRandom(s)));
            }
            SpeakerClip plain = clip(fb, "b", null, 4);
            SpeakerClip plain2 = clip(fb, "b", null, 5);
            assertSame(plain2, BatchSampler.partner(List.of(plain, plain2), plain, new SplittableRandom(1)));
            assertSame(plain, BatchSampler.partner(List.of(plain), plain, new SplittableRandom(1)));
        }
    }

    @Test
    void drawsOnlyTheAskedCropLengths() {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            BatchSampler recipe = new BatchSampler(twoClipsEach(fb), SPEAKERS, 2, 0.5, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb);
            BatchSampler longer = new BatchSampler(twoClipsEach(fb), SPEAKERS, 2, 0.5, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb).withCropFrames(new int[] {250, 300});
            java.util.Set<Integer> seen = new java.util.TreeSet<>();
            for (long step = 0; step < 12; step++) {
                assertTrue(List.of(120, 160, 200).contains(recipe.batch(step).frames()));
                BatchSampler.Batch b = longer.batch(step);
                seen.add(b.frames());
                assertEquals(2 * 2 * b.frames() * fb.bins(), b.features().length);
            }
            assertEquals(java.util.Set.of(250, 300), seen, "both lengths drawn, nothing else (clips are 1-1.5 s: tiled)");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> recipe.withCropFrames(new int[] {}));
        }
    }

    @Test
    void batchesArePairedDeterministicAndMeanNormalised() {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            BatchSampler sampler = new BatchSampler(twoClipsEach(fb), SPEAKERS, 3, 0.5, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb);
            BatchSampler.Batch a = sampler.batch(5);
            BatchSampler.Batch b = sampler.batch(5);
            BatchSampler.Batch c = sampler.batch(6);
            assertArrayEquals(a.features(), b.features());
            assertArrayEquals(a.labels(), b.labels());
            assertNotEquals(java.util.Arrays.hashCode(a.features()), java.util.Arrays.hashCode(c.features()));
            assertEquals(6, a.crops());
            for (int p = 0; p < 3; p++) {
                assertEquals(a.labels()[p], a.labels()[p + 3], "crop p and p+P belong to one speaker");
            }
            assertEquals(3, java.util.Arrays.stream(a.labels()).distinct().count());
            int bins = fb.bins();
            for (int k = 0; k < a.crops(); k++) {
                for (int bin = 0; bin < bins; bin++) {
                    double m = 0;
                    for (int t = 0; t < a.frames(); t++) {
                        m += a.features()[(k * a.frames() + t) * bins + bin];
                    }
                    assertEquals(0, m / a.frames(), 1e-3);
                }
            }
        }
    }

    /**
     * Speed speakers: a pair's two crops share one class; the resampled voices get classes of their own
     * (speaker + k * speakers) about as often as the voice as recorded; their crops are the same clip read at another
     * rate, which moves the spectrum (a 1.1 copy of a tone sits 10 % higher).
     */
    @Test
    void speedSpeakersAreClassesOfTheirOwnWithResampledCrops() {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            BatchSampler sampler = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(0.9, 1.1));
            assertThreeVariantsDrawnAlike(sampler);
            // the bin of a pulsed 500 Hz tone moves up when it is read 1.5x faster
            float[] tone = new float[32_000];
            for (int i = 0; i < tone.length; i++) {
                boolean on = (i / 2000) % 2 == 0; // 125 ms on, 125 ms off
                tone[i] = on ? (float) (0.3 * Math.sin(2 * Math.PI * 500 * i / 16_000.0)) : 0f;
            }
            SpeakerClip t = new SpeakerClip("t", "t/0", null, tone, fb.rawFbank(tone, 0, tone.length),
                    fb.rawFbank(tone, 0, tone.length).length / fb.bins());
            BatchSampler plain = new BatchSampler(List.of(t), List.of("t"), 1, 0, 1,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of());
            BatchSampler fast = new BatchSampler(List.of(t), List.of("t"), 1, 0, 1,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(1.5));
            int plainPeak = peakBin(plain.batch(0), fb.bins());
            int fastPeak = -1;
            for (long step = 0; step < 20 && fastPeak < 0; step++) {
                BatchSampler.Batch b = fast.batch(step);
                if (b.labels()[0] == 1) {
                    fastPeak = peakBin(b, fb.bins());
                }
            }
            assertTrue(fastPeak > plainPeak, "peak bin " + plainPeak + " -> " + fastPeak);
        }
    }

    /**
     * Formant speakers: their classes come after the speed copies' (speaker + (1 + speeds + k) * speakers), each variant
     * about as often as the voice as recorded, and their crops are not the plain voice's.
     */
    @Test
    void formantSpeakersAreClassesAfterTheSpeedCopies() {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            BatchSampler sampler = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(0.9))
                    .withFormantSpeakers(List.of(1.15));
            assertThreeVariantsDrawnAlike(sampler);
            // without copies the draws are the recipe's: the same batch as a sampler that never heard of formants
            BatchSampler none = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(0.9));
            BatchSampler emptyFormants = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(0.9))
                    .withFormantSpeakers(List.of());
            assertArrayEquals(none.batch(3).features(), emptyFormants.batch(3).features());
            // one voice with one formant copy: the copy is drawn as its own class
            BatchSampler copyOnly = new BatchSampler(twoClipsEach(fb).subList(0, 2), List.of(SPEAKERS.get(0)), 1, 0, 5,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of())
                    .withFormantSpeakers(List.of(1.15));
            boolean sawCopy = false;
            for (long step = 0; step < 20 && !sawCopy; step++) {
                BatchSampler.Batch b = copyOnly.batch(step);
                sawCopy = b.labels()[0] == 1;
            }
            assertTrue(sawCopy, "a formant copy is drawn");
            assertThrows(IllegalArgumentException.class, () -> copyOnly.withFormantSpeakers(List.of(1.0)));
        }
    }

    /**
     * Pitch-shifted crops keep their speaker's class (no class of their own); with the share 0 the batches are the
     * recipe's own (no extra draws), with 1 every crop is another one; shares outside 0..1, ranges outside 1..1.6 and
     * ranges that would move a formant copy's formants outside 0.5..2 are refused.
     */
    @Test
    void pitchShiftedCropsKeepTheirSpeakersClass() {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            BatchSampler plain = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(0.9));
            BatchSampler off = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(0.9)).withPitchShift(0, 1.25);
            BatchSampler on = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of(0.9)).withPitchShift(1, 1.25);
            for (long step = 0; step < 5; step++) {
                BatchSampler.Batch p = plain.batch(step);
                assertArrayEquals(p.features(), off.batch(step).features());
                BatchSampler.Batch shifted = on.batch(step);
                // the first pair is drawn before any crop's extra draw: the same speaker and class
                assertEquals(p.labels()[0], shifted.labels()[0]);
                for (int k = 0; k < 4; k++) {
                    assertEquals(shifted.labels()[k], shifted.labels()[k + 4], "a pair's crops share their class");
                    assertTrue(shifted.labels()[k] >= 0 && shifted.labels()[k] < 8, "a voice or its speed copy");
                }
                assertEquals(p.frames(), shifted.frames());
                assertTrue(!java.util.Arrays.equals(p.features(), shifted.features()), "shifted crops differ");
            }
            for (double range : new double[] {1.25, 1.5}) {
                double lo = 2;
                double hi = 0;
                for (int i = 0; i < 1000; i++) {
                    double r = BatchSampler.pitchFactor(new SplittableRandom(i), range);
                    lo = Math.min(lo, r);
                    hi = Math.max(hi, r);
                }
                assertTrue(lo >= 1 / range - 1e-12 && lo < 1 / range + 0.01, "lowest " + lo + " of range " + range);
                assertTrue(hi <= range + 1e-12 && hi > range - 0.01, "highest " + hi + " of range " + range);
            }
            assertThrows(IllegalArgumentException.class, () -> plain.withPitchShift(1.5, 1.25));
            assertThrows(IllegalArgumentException.class, () -> plain.withPitchShift(-0.1, 1.25));
            assertThrows(IllegalArgumentException.class, () -> plain.withPitchShift(0.5, 1.0));
            assertThrows(IllegalArgumentException.class, () -> plain.withPitchShift(0.5, 1.7));
            BatchSampler lowFormants = new BatchSampler(twoClipsEach(fb), SPEAKERS, 4, 0, 42,
                    new WaveAugmenter(WaveAugmenter.Settings.defaults()), fb, false, 0, List.of())
                    .withFormantSpeakers(List.of(0.7));
            lowFormants.withPitchShift(0.5, 1.25); // 0.7 / 1.25 = 0.56
            assertThrows(IllegalArgumentException.class, () -> lowFormants.withPitchShift(0.5, 1.5)); // 0.47
            assertThrows(IllegalArgumentException.class, () -> lowFormants.withFormantSpeakers(List.of(1.7))); // 2.1
        }
    }

    /**
     * Over 60 batches of the four speakers: a pair's two crops share one class, every class is one of the voices or
     * of their two copies, and each of the three variants is drawn about equally often.
     */
    private static void assertThreeVariantsDrawnAlike(BatchSampler sampler) {
        int[] perVariant = new int[3];
        for (long step = 0; step < 60; step++) {
            BatchSampler.Batch b = sampler.batch(step);
            for (int p = 0; p < 4; p++) {
                assertEquals(b.labels()[p], b.labels()[p + 4]);
                assertTrue(b.labels()[p] >= 0 && b.labels()[p] < 12, "label " + b.labels()[p]);
                perVariant[b.labels()[p] / 4]++;
            }
        }
        for (int v : perVariant) {
            assertTrue(v > 50 && v < 110, java.util.Arrays.toString(perVariant));
        }
    }

    /** The bin that varies most over the first crop's frames (the per-bin mean is removed, the pulses stay). */
    private static int peakBin(BatchSampler.Batch b, int bins) {
        int best = 0;
        double bestVar = -1;
        for (int bin = 0; bin < bins; bin++) {
            double v = 0;
            for (int t = 0; t < b.frames(); t++) {
                double x = b.features()[t * bins + bin];
                v += x * x;
            }
            if (v > bestVar) {
                bestVar = v;
                best = bin;
            }
        }
        return best;
    }

    @Test
    void balancedDrawsGiveASmallCorpusItsSquareRootShare() {
        try (SpeakerFbank fb = new SpeakerFbank(1)) {
            List<SpeakerClip> clips = new ArrayList<>();
            List<String> speakers = new ArrayList<>();
            for (int s = 0; s < 68; s++) { // 64 speakers of a big corpus, 4 of a small one
                String corpus = s < 64 ? "big" : "small";
                String id = corpus + "-" + s;
                speakers.add(id);
                SpeakerClip c = clip(fb, id, null, s);
                clips.add(new SpeakerClip(c.speaker(), corpus + "/" + s, null, c.samples(), c.fbank(), c.frames()));
            }
            java.util.Collections.sort(speakers);
            WaveAugmenter aug = new WaveAugmenter(WaveAugmenter.Settings.defaults());
            double uniform = smallShare(new BatchSampler(clips, speakers, 4, 0, 1, aug, fb, false), speakers);
            double balanced = smallShare(new BatchSampler(clips, speakers, 4, 0, 1, aug, fb, true), speakers);
            // uniform: 4 of 68 speakers (~6 %); balanced: weight 1/2 each vs 1/8 each -> 2 / (2 + 8) = 20 %
            assertEquals(4 / 68.0, uniform, 0.03);
            assertTrue(balanced > 0.12, "balanced share " + balanced);
        }
    }

    private static double smallShare(BatchSampler sampler, List<String> speakers) {
        int small = 0;
        int all = 0;
        for (long step = 0; step < 300; step++) {
            for (int label : sampler.batch(step).labels()) {
                small += speakers.get(label).startsWith("small") ? 1 : 0;
                all++;
            }
        }
        return small / (double) all;
    }

    @Test
    void specAugmentMasksBandsAndStretchesWithinTheCrop() {
        int frames = 100;
        int bins = 80;
        float[] out = new float[3 * frames * bins];
        java.util.Arrays.fill(out, 1f);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        int masked = 0;
        for (int trial = 0; trial < 50; trial++) {
            java.util.Arrays.fill(out, 1f);
            BatchSampler.mask(out, frames * bins, frames, bins, rng); // the middle crop only
            for (int i = 0; i < out.length; i++) {
                boolean inCrop = i >= frames * bins && i < 2 * frames * bins;
                if (!inCrop) {
                    assertEquals(1f, out[i], "outside the crop");
                } else if (out[i] == 0f) {
                    masked++;
                }
            }
        }
        // at most 2 x 8 bins of every frame and 2 x 10 frames of every bin: under 40 % of the crop, more than none
        double share = masked / (50.0 * frames * bins);
        assertTrue(share > 0.02 && share < 0.4, "masked share " + share);
    }
}
