package io.emotrace.diarization.embedding.train;

import io.emotrace.diarization.embedding.SpeakerFbank;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds training batches of {@code speakersPerBatch} distinct speakers with two crops each. The two crops of a
 * speaker come from different utterances and, where the corpus labels emotions, from different emotions, so the
 * pair loss pulls a speaker's angry and neutral voice together. Speakers are drawn uniformly (not per utterance),
 * so CASIA's 300 utterances per speaker do not drown LibriSpeech's 10. Each crop is either cut from the cached
 * fbank or, with probability {@code augmentProb}, cut from the waveform, augmented and re-featurised.
 * A batch depends only on (seed, step): resuming reproduces the same data.
 */
final class BatchSampler {
    /**
     * Crop lengths in frames (10 ms), 1.2 to 2.0 s around the diarization window's embedding crops. A few fixed
     * lengths rather than a continuum: LibTorch's CPU convolutions prepare kernels per input shape.
     */
    static final int[] CROP_FRAMES = {120, 160, 200};

    /** {@code emotions}: {@link EmotionConfusion} class index of each crop's clip, -1 when unlabelled. */
    record Batch(float[] features, int[] labels, int crops, int frames, int[] emotions) {
    }

    private final List<List<SpeakerClip>> bySpeaker = new ArrayList<>();
    /** Per-speaker draw weight: 1 / sqrt(speakers in its corpus) when balancing, so 1,166 accent readers get
     * about a quarter of the draws, not two thirds, and a 6-speaker emotional corpus still shows up. */
    private final double[] weights;
    private final boolean weighted;
    private final int speakersPerBatch;
    private final double augmentProb;
    private final double specAugment;
    private final double[] speedFactors;
    /** Formant factors whose copies ({@link FormantShift}) are voices of their own, after the speed copies' classes. */
    private double[] formantFactors = new double[0];
    /** Share of crops given {@link #pitchFactor a pitch of another height}, same speaker; 0: off, no extra draws. */
    private double pitchShift;
    /** The default widest pitch move of {@link #withPitchShift}: about four semitones either way. */
    static final double MAX_PITCH_FACTOR = 1.25;
    private double pitchRange = MAX_PITCH_FACTOR;
    /** SpecAugment: masks of each kind per crop, widest frequency mask (bins), widest time mask (share of the crop). */
    static final int MASKS = 2;
    static final int MAX_BINS_MASKED = 8;
    static final double MAX_TIME_MASKED = 0.1;
    private final long seed;
    private final WaveAugmenter augmenter;
    private final SpeakerFbank fbank;
    private final int bins;
    private int[] cropFrames = CROP_FRAMES;

    BatchSampler(List<SpeakerClip> train, List<String> speakers, int speakersPerBatch, double augmentProb, long seed,
            WaveAugmenter augmenter, SpeakerFbank fbank) {
        this(train, speakers, speakersPerBatch, augmentProb, seed, augmenter, fbank, false);
    }

    BatchSampler(List<SpeakerClip> train, List<String> speakers, int speakersPerBatch, double augmentProb, long seed,
            WaveAugmenter augmenter, SpeakerFbank fbank, boolean balanceCorpora) {
        this(train, speakers, speakersPerBatch, augmentProb, seed, augmenter, fbank, balanceCorpora, 0);
    }

    /** {@code specAugment}: share of crops masked after normalisation ({@link #mask}); 0 draws nothing extra. */
    BatchSampler(List<SpeakerClip> train, List<String> speakers, int speakersPerBatch, double augmentProb, long seed,
            WaveAugmenter augmenter, SpeakerFbank fbank, boolean balanceCorpora, double specAugment) {
        this(train, speakers, speakersPerBatch, augmentProb, seed, augmenter, fbank, balanceCorpora, specAugment, List.of());
    }

    /**
     * {@code speedSpeakers}: factors f whose resampled copies (pitch and formants scaled by f, speech rate too) are
     * voices of their own: class {@code speaker + (k + 1) * speakers} for the k-th factor, drawn for a pair as often as
     * the voice as it is. What tells two people apart is largely the scale of the vocal tract, which is what a
     * resampled copy changes; an unchanged copy would teach that it does not matter. Empty: off, and no extra draws.
     */
    BatchSampler(List<SpeakerClip> train, List<String> speakers, int speakersPerBatch, double augmentProb, long seed,
            WaveAugmenter augmenter, SpeakerFbank fbank, boolean balanceCorpora, double specAugment,
            List<Double> speedSpeakers) {
        this.speedFactors = speedSpeakers.stream().mapToDouble(Double::doubleValue).toArray();
        for (double f : speedFactors) {
            if (!isSpeedFactor(f)) {
                throw new IllegalArgumentException("speed speaker factor " + f + ": 0.5..2, not 1");
            }
        }
        this.specAugment = specAugment;
        Map<String, Integer> index = new HashMap<>();
        for (String s : speakers) {
            index.put(s, bySpeaker.size());
            bySpeaker.add(new ArrayList<>());
        }
        for (SpeakerClip c : train) {
            bySpeaker.get(index.get(c.speaker())).add(c);
        }
        this.weights = new double[bySpeaker.size()];
        Map<String, Integer> perCorpus = new HashMap<>();
        for (List<SpeakerClip> u : bySpeaker) {
            perCorpus.merge(u.isEmpty() ? "" : u.get(0).corpus(), 1, Integer::sum);
        }
        for (int i = 0; i < weights.length; i++) {
            List<SpeakerClip> u = bySpeaker.get(i);
            weights[i] = balanceCorpora && !u.isEmpty() ? 1 / Math.sqrt(perCorpus.get(u.get(0).corpus())) : 1.0;
        }
        this.weighted = java.util.Arrays.stream(weights).distinct().count() > 1;
        this.speakersPerBatch = Math.min(speakersPerBatch, speakers.size());
        this.augmentProb = augmentProb;
        this.seed = seed;
        this.augmenter = augmenter;
        this.fbank = fbank;
        this.bins = fbank.bins();
    }

    /**
     * Other crop lengths in frames (e.g. 300 for a large-margin fine-tune on 3-s crops); a batch draws one of them.
     * Clips shorter than a crop are repeated to fill it, as before.
     */
    BatchSampler withCropFrames(int[] frames) {
        if (frames.length == 0 || java.util.Arrays.stream(frames).anyMatch(f -> f < 20)) {
            throw new IllegalArgumentException("crop lengths are at least 20 frames: " + java.util.Arrays.toString(frames));
        }
        this.cropFrames = frames.clone();
        return this;
    }

    /**
     * {@code factors}: formant factors f whose copies ({@link FormantShift}: the vocal tract scaled by f, pitch and rate
     * kept) are voices of their own, classes after the speed copies' ({@code speaker + (1 + speeds + k) * speakers} for
     * the k-th). A voice is then told from a copy of itself at its own pitch by its formants alone. Empty: off.
     */
    BatchSampler withFormantSpeakers(List<Double> factors) {
        double[] f = factors.stream().mapToDouble(Double::doubleValue).toArray();
        for (double x : f) {
            if (!isSpeedFactor(x)) {
                throw new IllegalArgumentException("formant speaker factor " + x + ": 0.5..2, not 1");
            }
        }
        if (pitchShift > 0) {
            checkFormantMoves(f, pitchRange);
        }
        this.formantFactors = f;
        return this;
    }

    /**
     * {@code share} of the crops get their pitch (and speech rate) moved by a factor drawn log-uniformly in
     * 1/{@code range}..{@code range} while the vocal tract is kept: resampled by the factor,
     * which moves formants too, after the formants were moved back by its inverse ({@link FormantShift}). The crop keeps
     * its speaker's label, so a voice raised by anger or lowered by sadness is still that voice. 0: off.
     */
    BatchSampler withPitchShift(double share, double range) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("pitch-shift share " + share + ": 0..1");
        }
        if (!(range > 1 && range <= 1.6)) {
            throw new IllegalArgumentException("pitch-shift range " + range + ": above 1, at most 1.6");
        }
        if (share > 0) {
            checkFormantMoves(formantFactors, range);
        }
        this.pitchShift = share;
        this.pitchRange = range;
        return this;
    }

    /**
     * A shifted crop's formants move by its copy's formant factor over the pitch factor: every such move must stay inside
     * {@link FormantShift}'s 0.5..2, or a training would stop at the first crop that drew it.
     */
    private static void checkFormantMoves(double[] formants, double range) {
        for (double f : formants) {
            if (f / range < 0.5 || f * range > 2) {
                throw new IllegalArgumentException("formant speaker factor " + f + " with pitch-shift range " + range
                        + " moves formants outside 0.5..2");
            }
        }
    }

    /** A pitch factor of {@link #withPitchShift}, log-uniform in 1/range..range. */
    static double pitchFactor(SplittableRandom rng, double range) {
        return Math.exp((2 * rng.nextDouble() - 1) * Math.log(range));
    }

    /** A speed-speaker factor: 0.5..2 (a copy still sounds like speech), never 1 (that is the voice itself). */
    static boolean isSpeedFactor(double f) {
        return f >= 0.5 && f <= 2 && f != 1;
    }

    Batch batch(long step) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        int frames = cropFrames[rng.nextInt(cropFrames.length)];
        int[] order = shuffledSpeakers(rng);
        int crops = speakersPerBatch * 2;
        float[] features = new float[crops * frames * bins];
        int[] labels = new int[crops];
        int[] emotions = new int[crops];
        for (int p = 0; p < speakersPerBatch; p++) {
            int spk = order[p];
            List<SpeakerClip> utts = bySpeaker.get(spk);
            SpeakerClip first = utts.get(rng.nextInt(utts.size()));
            SpeakerClip second = partner(utts, first, rng);
            int copies = speedFactors.length + formantFactors.length;
            int variant = copies == 0 ? 0 : rng.nextInt(copies + 1);
            double factor = variant == 0 || variant > speedFactors.length ? 1.0 : speedFactors[variant - 1];
            double formant = variant > speedFactors.length ? formantFactors[variant - 1 - speedFactors.length] : 1.0;
            int label = spk + variant * bySpeaker.size();
            // layout: crops [0, P) are the first crops, [P, 2P) their partners, for the pair loss
            crop(first, frames, rng, features, p * frames * bins, factor, formant);
            crop(second, frames, rng, features, (speakersPerBatch + p) * frames * bins, factor, formant);
            labels[p] = label;
            labels[speakersPerBatch + p] = label;
            emotions[p] = EmotionConfusion.index(first.emotion());
            emotions[speakersPerBatch + p] = EmotionConfusion.index(second.emotion());
        }
        return new Batch(features, labels, crops, frames, emotions);
    }

    /** Speakers in a random order; with unequal weights a weighted order (Efraimidis-Spirakis keys log(u) / w). */
    private int[] shuffledSpeakers(SplittableRandom rng) {
        if (weighted) {
            double[] keys = new double[weights.length];
            Integer[] idx = new Integer[weights.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = Math.log(1.0 - rng.nextDouble()) / weights[i];
                idx[i] = i;
            }
            java.util.Arrays.sort(idx, (x, y) -> Double.compare(keys[y], keys[x]));
            return java.util.Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
        }
        int[] a = new int[bySpeaker.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Another utterance of the speaker, preferring a different emotion, then a different utterance. */
    static SpeakerClip partner(List<SpeakerClip> utts, SpeakerClip first, SplittableRandom rng) {
        List<SpeakerClip> otherEmotion = new ArrayList<>();
        List<SpeakerClip> other = new ArrayList<>();
        for (SpeakerClip c : utts) {
            if (c == first) {
                continue;
            }
            other.add(c);
            if (first.emotion() != null && c.emotion() != null && !c.emotion().equals(first.emotion())) {
                otherEmotion.add(c);
            }
        }
        List<SpeakerClip> pool = !otherEmotion.isEmpty() ? otherEmotion : !other.isEmpty() ? other : List.of(first);
        return pool.get(rng.nextInt(pool.size()));
    }

    /**
     * One crop of {@code c}, resampled by {@code factor} and its formants moved by {@code formant} (1: as recorded) on
     * top of any augmentation.
     */
    private void crop(SpeakerClip c, int frames, SplittableRandom rng, float[] out, int at, double factor,
            double formant) {
        boolean augment = rng.nextDouble() < augmentProb;
        // drawn only when on: other recipes keep their draws
        double pitch = pitchShift > 0 && rng.nextDouble() < pitchShift ? pitchFactor(rng, pitchRange) : 1.0;
        formant /= pitch;
        if (augment || factor != 1.0 || formant != 1.0 || pitch != 1.0) {
            double speed = factor * pitch * (augment ? augmenter.drawSpeed(rng) : 1.0);
            int outSamples = fbank.samplesFor(frames);
            int inSamples = (int) Math.ceil(outSamples * speed) + 1;
            float[] src = SpeakerFbank.tile(c.samples(), inSamples);
            int start = rng.nextInt(src.length - inSamples + 1);
            float[] piece = java.util.Arrays.copyOfRange(src, start, start + inSamples);
            if (formant != 1.0) {
                piece = FormantShift.apply(piece, formant);
            }
            float[] wave = augment ? augmenter.apply(piece, speed, outSamples, rng)
                    : WaveAugmenter.resample(piece, speed, outSamples);
            float[] f = fbank.rawFbank(wave, 0, wave.length);
            System.arraycopy(f, 0, out, at, frames * bins);
        } else {
            int n = c.frames();
            if (n >= frames) {
                int start = rng.nextInt(n - frames + 1);
                System.arraycopy(c.fbank(), start * bins, out, at, frames * bins);
            } else {
                for (int t = 0; t < frames; t += n) {
                    System.arraycopy(c.fbank(), 0, out, at + t * bins, Math.min(n, frames - t) * bins);
                }
            }
        }
        SpeakerFbank.meanNormalise(out, at / bins, frames, bins);
        if (specAugment > 0 && rng.nextDouble() < specAugment) {
            mask(out, at, frames, bins, rng);
        }
    }

    /**
     * SpecAugment on one normalised crop: {@link #MASKS} bands of up to {@link #MAX_BINS_MASKED} mel bins and as many
     * stretches of up to {@link #MAX_TIME_MASKED} of the frames set to the mean (0). A voice must then be recognised
     * without any one band, where an acted emotion moves the harmonics and the energy, carrying it.
     */
    static void mask(float[] out, int at, int frames, int bins, SplittableRandom rng) {
        for (int m = 0; m < MASKS; m++) {
            int width = rng.nextInt(MAX_BINS_MASKED + 1);
            int from = rng.nextInt(bins - width + 1);
            for (int t = 0; t < frames; t++) {
                java.util.Arrays.fill(out, at + t * bins + from, at + t * bins + from + width, 0f);
            }
            int span = rng.nextInt((int) (frames * MAX_TIME_MASKED) + 1);
            int start = rng.nextInt(frames - span + 1);
            java.util.Arrays.fill(out, at + start * bins, at + (start + span) * bins, 0f);
        }
    }
}
