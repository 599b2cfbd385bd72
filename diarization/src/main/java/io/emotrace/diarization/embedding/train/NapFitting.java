package io.emotrace.diarization.embedding.train;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.embedding.NuisanceProjection;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Measures the two within-speaker scatters a nuisance projection removes, on training speakers only:
 * <ul>
 *   <li><b>emotion</b>: per speaker of an emotion-labelled corpus, the mean embedding of each acted emotion minus the
 *       mean over that speaker's emotions (words and takes average out within an emotion, the voice cancels);</li>
 *   <li><b>channel</b>: one crop clean and the same crop through reverberation, noise, telephone band and mu-law;
 *       half their difference is what the channel alone moved.</li>
 * </ul>
 * Each scatter is scaled to unit trace and the two are mixed by {@code emotionWeight}, so neither the count of
 * emotional clips nor of channel pairs decides which nuisance dominates.
 */
final class NapFitting {
    /** Crop lengths in half seconds, the lengths diarization embeds (the embedder batches equal lengths). */
    private static final int[] CROP_HALF_SECONDS = {3, 4, 6, 8};
    static final int EMOTION_CROPS_PER_CLIP = 2;
    static final int MAX_CHANNEL_PAIRS = 4000;

    record Scatter(double[][] emotion, double[][] channel, int emotionSpeakers, int emotionMeans, int channelPairs,
            double seconds) {
        /** The mixed, trace-normalised scatter. */
        double[][] mixed(double emotionWeight) {
            int d = emotion.length;
            double te = trace(emotion);
            double tc = trace(channel);
            double[][] m = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double e = te > 0 ? emotion[i][j] / te : 0;
                    double c = tc > 0 ? channel[i][j] / tc : 0;
                    m[i][j] = emotionWeight * e + (1 - emotionWeight) * c;
                }
            }
            return m;
        }
    }

    private NapFitting() {
    }

    static Scatter measure(SpeakerEmbedder embedder, List<SpeakerClip> train, long seed, Consumer<String> log)
            throws EmotraceException {
        long t0 = System.nanoTime();
        int d = embedder.dim();
        SplittableRandom rng = new SplittableRandom(seed);
        // --- emotion: crops of every emotion-labelled training clip
        List<float[]> crops = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (SpeakerClip clip : train) {
            if (clip.emotion() == null) {
                continue;
            }
            for (int k = 0; k < EMOTION_CROPS_PER_CLIP; k++) {
                float[] crop = crop(clip.samples(), rng);
                if (crop != null) {
                    crops.add(crop);
                    keys.add(clip.speaker() + "\u0000" + clip.emotion());
                }
            }
        }
        float[][] emb = embedInChunks(embedder, crops);
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < emb.length; i++) {
            double[] s = sums.computeIfAbsent(keys.get(i), x -> new double[d]);
            for (int k = 0; k < d; k++) {
                s[k] += emb[i][k];
            }
            counts.merge(keys.get(i), 1, Integer::sum);
        }
        Map<String, List<double[]>> bySpeaker = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] mean = e.getValue();
            int c = counts.get(e.getKey());
            for (int k = 0; k < d; k++) {
                mean[k] /= c;
            }
            String speaker = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
            bySpeaker.computeIfAbsent(speaker, s -> new ArrayList<>()).add(mean);
        }
        double[][] emotion = new double[d][d];
        int speakers = 0;
        int means = 0;
        for (List<double[]> ms : bySpeaker.values()) {
            if (ms.size() < 2) {
                continue;
            }
            double[] centre = new double[d];
            for (double[] m : ms) {
                for (int k = 0; k < d; k++) {
                    centre[k] += m[k] / ms.size();
                }
            }
            for (double[] m : ms) {
                double[] r = new double[d];
                for (int k = 0; k < d; k++) {
                    r[k] = m[k] - centre[k];
                }
                addOuter(emotion, r);
            }
            speakers++;
            means += ms.size();
        }
        log.accept(String.format(java.util.Locale.ROOT, "NAP emotion scatter: %d crops, %d speakers, %d (speaker, emotion) means",
                emb.length, speakers, means));
        // --- channel: the same crop clean and augmented, over a seeded sample of all training clips
        WaveAugmenter augmenter = new WaveAugmenter(new WaveAugmenter.Settings(0, 0, 0.5, 0.5, 5, 20, -12, 6, 0.5, 0.5, 0));
        List<SpeakerClip> order = new ArrayList<>(train);
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        List<float[]> pairs = new ArrayList<>();
        for (SpeakerClip clip : order) {
            if (pairs.size() / 2 >= MAX_CHANNEL_PAIRS) {
                break;
            }
            float[] crop = crop(clip.samples(), rng);
            if (crop != null) {
                pairs.add(crop);
                pairs.add(augmenter.apply(crop, 1.0, crop.length, rng));
            }
        }
        float[][] pe = embedInChunks(embedder, pairs);
        double[][] channel = new double[d][d];
        for (int i = 0; i + 1 < pe.length; i += 2) {
            double[] r = new double[d];
            for (int k = 0; k < d; k++) {
                r[k] = 0.5 * (pe[i + 1][k] - pe[i][k]);
            }
            addOuter(channel, r);
        }
        log.accept(String.format(java.util.Locale.ROOT, "NAP channel scatter: %d clean/augmented pairs", pe.length / 2));
        return new Scatter(emotion, channel, speakers, means, pe.length / 2, (System.nanoTime() - t0) / 1e9);
    }

    private static float[] crop(float[] s, SplittableRandom rng) {
        int len = CROP_HALF_SECONDS[rng.nextInt(CROP_HALF_SECONDS.length)] * 8000;
        while (len > s.length && len > 8000 * 3) {
            len -= 8000;
        }
        if (len > s.length) {
            return null; // shorter than 1.5 s of speech
        }
        int start = rng.nextInt(s.length - len + 1);
        return java.util.Arrays.copyOfRange(s, start, start + len);
    }

    /** Embeddings in input order; chunks bound the features held at once (the embedder batches equal lengths). */
    private static float[][] embedInChunks(SpeakerEmbedder embedder, List<float[]> clips) throws EmotraceException {
        float[][] out = new float[clips.size()][];
        for (int from = 0; from < clips.size(); from += 1024) {
            float[][] e = embedder.embed(clips.subList(from, Math.min(clips.size(), from + 1024)));
            System.arraycopy(e, 0, out, from, e.length);
        }
        return out;
    }

    /** The evaluation embeddings projected off the nuisance directions (a new set; timings kept). */
    static SpeakerEvaluation.Embedded project(SpeakerEvaluation.Embedded e, NuisanceProjection nap) {
        float[][] w = new float[e.whole().length][];
        float[][] c = new float[e.crops().length][];
        for (int i = 0; i < w.length; i++) {
            w[i] = nap.apply(e.whole()[i]);
            c[i] = nap.apply(e.crops()[i]);
        }
        return new SpeakerEvaluation.Embedded(e.clips(), w, c, e.msPerCrop(), e.cpuMsPerCrop());
    }

    private static void addOuter(double[][] m, double[] v) {
        for (int i = 0; i < v.length; i++) {
            double vi = v[i];
            for (int j = 0; j < v.length; j++) {
                m[i][j] += vi * v[j];
            }
        }
    }

    static double trace(double[][] m) {
        double t = 0;
        for (int i = 0; i < m.length; i++) {
            t += m[i][i];
        }
        return t;
    }
}
