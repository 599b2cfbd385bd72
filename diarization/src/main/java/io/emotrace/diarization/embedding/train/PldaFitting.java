package io.emotrace.diarization.embedding.train;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.embedding.Plda;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Fits the PLDA back-end of a trained speaker embedder on the training speakers: several crops of every training
 * clip, of the lengths diarization embeds (1.5-4 s), a share of them through the training augmentation (reverb,
 * noise, gain, telephone band, mu-law), so the within-speaker spread it learns covers emotions, words and channels.
 * Held-out speakers and corpora never enter (the caller passes only training clips).
 */
final class PldaFitting {
    /** Crop lengths in half seconds (the embedder batches equal lengths). */
    private static final int[] CROP_HALF_SECONDS = {3, 4, 6, 8};
    static final int CROPS_PER_CLIP = 3;
    static final double AUGMENTED_SHARE = 0.4;

    record Fitted(Plda plda, int embeddings, int speakers, double seconds) {
    }

    private PldaFitting() {
    }

    static Fitted fit(SpeakerEmbedder embedder, List<SpeakerClip> train, int dims, long seed, Consumer<String> log)
            throws EmotraceException {
        long t0 = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(seed);
        WaveAugmenter augmenter = new WaveAugmenter(WaveAugmenter.Settings.channels());
        Map<String, Integer> speakerIndex = new HashMap<>();
        // crops grouped by length so one batch has one length
        Map<Integer, List<float[]>> byLength = new TreeMap<>();
        Map<Integer, List<Integer>> labelsByLength = new TreeMap<>();
        for (SpeakerClip clip : train) {
            int label = speakerIndex.computeIfAbsent(clip.speaker(), s -> speakerIndex.size());
            float[] s = clip.samples();
            for (int k = 0; k < CROPS_PER_CLIP; k++) {
                int len = CROP_HALF_SECONDS[rng.nextInt(CROP_HALF_SECONDS.length)] * 8000;
                while (len > s.length && len > 8000 * 3) {
                    len -= 8000;
                }
                if (len > s.length) {
                    break; // shorter than 1.5 s of speech: no crop
                }
                int start = rng.nextInt(s.length - len + 1);
                float[] crop = java.util.Arrays.copyOfRange(s, start, start + len);
                if (rng.nextDouble() < AUGMENTED_SHARE) {
                    crop = augmenter.apply(crop, 1.0, len, rng);
                }
                byLength.computeIfAbsent(len, l -> new ArrayList<>()).add(crop);
                labelsByLength.computeIfAbsent(len, l -> new ArrayList<>()).add(label);
            }
        }
        List<float[]> embeddings = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int batch = 64;
        for (Map.Entry<Integer, List<float[]>> e : byLength.entrySet()) {
            List<float[]> crops = e.getValue();
            List<Integer> ls = labelsByLength.get(e.getKey());
            for (int from = 0; from < crops.size(); from += batch) {
                int to = Math.min(crops.size(), from + batch);
                float[][] emb = embedder.embed(crops.subList(from, to));
                for (int i = 0; i < emb.length; i++) {
                    embeddings.add(emb[i]);
                    labels.add(ls.get(from + i));
                }
            }
            log.accept(String.format(java.util.Locale.ROOT, "PLDA data: %d crops of %.1f s embedded", crops.size(),
                    e.getKey() / 16000.0));
        }
        int[] lab = labels.stream().mapToInt(Integer::intValue).toArray();
        Plda plda = Plda.fit(embeddings.toArray(new float[0][]), lab, dims);
        return new Fitted(plda, embeddings.size(), speakerIndex.size(), (System.nanoTime() - t0) / 1e9);
    }
}
