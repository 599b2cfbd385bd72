package io.emotrace.diarization.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects clips and embeds them in batches; only the pending batch's audio is held, the rest is embeddings.
 * Indices returned by {@link #add} are final positions in {@link #items()}.
 */
final class EmbeddingQueue {
    private final SpeakerEmbedder embedder;
    private final int batch;
    private final List<SpeakerClusterer.Item> items = new ArrayList<>();
    private final List<float[]> clips = new ArrayList<>();
    private final List<double[]> meta = new ArrayList<>(); // seconds, reliable (0/1), group
    private long embedNanos;
    private double embeddedSeconds;

    EmbeddingQueue(SpeakerEmbedder embedder, int batch) {
        this.embedder = embedder;
        this.batch = batch;
    }

    int add(float[] clip, double speechSeconds, boolean reliable, int group) throws EmotraceException {
        int index = items.size() + clips.size();
        clips.add(clip);
        meta.add(new double[] {speechSeconds, reliable ? 1 : 0, group});
        if (clips.size() >= batch) {
            flush();
        }
        return index;
    }

    void flush() throws EmotraceException {
        if (clips.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        float[][] e = embedder.embed(clips);
        embedNanos += System.nanoTime() - t0;
        if (e.length != clips.size()) {
            throw new EmotraceException("embedder.contract", embedder.name() + " returned " + e.length
                    + " embeddings for " + clips.size() + " clips");
        }
        for (int i = 0; i < e.length; i++) {
            double[] m = meta.get(i);
            items.add(new SpeakerClusterer.Item(normalised(e[i]), m[0], m[1] > 0, (int) m[2]));
            embeddedSeconds += clips.get(i).length / (double) FrameGrid.SAMPLE_RATE;
        }
        clips.clear();
        meta.clear();
    }

    /** The contract promises unit vectors; a zero or non-finite vector would poison cosine distances. */
    private static float[] normalised(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        if (!(n > 0) || !Double.isFinite(n)) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    List<SpeakerClusterer.Item> items() {
        return items;
    }

    double embedSeconds() {
        return embedNanos / 1e9;
    }

    double embeddedAudioSeconds() {
        return embeddedSeconds;
    }
}
