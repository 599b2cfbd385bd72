package io.emotrace.diarization.embedding;

import io.emotrace.output.NpyReader;
import io.emotrace.output.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Adaptive symmetric score normalisation (AS-norm) against a cohort of training voices. A clip's cosine scores
 * against the {@code topK} cohort voices closest to it estimate how similar it is to voices that are not its own;
 * a pair's score is then {@code ((s - m1) / sd1 + (s - m2) / sd2) / 2}. A clip in a condition that raises every
 * score (a shouted voice, a telephone line, a language the network knows little of) is measured against its own
 * impostors instead of one global threshold.
 *
 * <p>The cohort is one mean embedding per training speaker ({@code cohort.npy} beside the weights), never a held-out
 * or test voice.
 */
public final class ScoreCohort {
    public static final String FILE = "cohort.npy";

    private final float[][] voices;
    private final int topK;

    /** The impostor statistics of one embedding. */
    public record Stats(double mean, double sd) {
    }

    public ScoreCohort(float[][] voices, int topK) {
        if (voices.length == 0 || topK < 1) {
            throw new IllegalArgumentException("a cohort needs voices and topK >= 1");
        }
        int d = voices[0].length;
        this.voices = new float[voices.length][];
        for (int i = 0; i < voices.length; i++) {
            if (voices[i].length != d) {
                throw new IllegalArgumentException("cohort voices differ in size");
            }
            this.voices[i] = normalised(voices[i]);
        }
        this.topK = Math.min(topK, voices.length);
    }

    public int size() {
        return voices.length;
    }

    public int dims() {
        return voices[0].length;
    }

    public int topK() {
        return topK;
    }

    /** The same cohort with another {@code topK}. */
    public ScoreCohort withTopK(int k) {
        return new ScoreCohort(voices, k);
    }

    /** Mean and standard deviation of the {@code topK} highest cosine scores of {@code e} against the cohort. */
    public Stats stats(float[] e) {
        if (e.length != dims()) {
            throw new IllegalArgumentException("embedding of " + e.length + " values, cohort of " + dims());
        }
        float[] n = normalised(e);
        double[] s = new double[voices.length];
        for (int i = 0; i < voices.length; i++) {
            float[] v = voices[i];
            double acc = 0;
            for (int k = 0; k < v.length; k++) {
                acc += (double) v[k] * n[k];
            }
            s[i] = acc;
        }
        Arrays.sort(s);
        double sum = 0;
        double sq = 0;
        for (int i = s.length - topK; i < s.length; i++) {
            sum += s[i];
            sq += s[i] * s[i];
        }
        double mean = sum / topK;
        double var = Math.max(0, sq / topK - mean * mean);
        return new Stats(mean, Math.max(1e-3, Math.sqrt(var)));
    }

    public Stats[] stats(float[][] e) {
        Stats[] out = new Stats[e.length];
        for (int i = 0; i < e.length; i++) {
            out[i] = stats(e[i]);
        }
        return out;
    }

    /** The normalised score of a pair with raw cosine {@code cosine}. */
    public static double normalise(double cosine, Stats a, Stats b) {
        return 0.5 * ((cosine - a.mean()) / a.sd() + (cosine - b.mean()) / b.sd());
    }

    public void write(Path file) throws IOException {
        float[] flat = new float[voices.length * dims()];
        for (int i = 0; i < voices.length; i++) {
            System.arraycopy(voices[i], 0, flat, i * dims(), dims());
        }
        NpyWriter.write(file, flat, voices.length, dims());
    }

    /** The cohort beside the weights in {@code modelDir}, or null when there is none. */
    public static ScoreCohort readIfPresent(Path modelDir, int topK) throws IOException {
        Path f = modelDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        NpyReader.Array a = NpyReader.read(f);
        if (a.shape().length != 2) {
            throw new IOException(f + ": a cohort is a 2-d array (voices x dims)");
        }
        int rows = (int) a.shape()[0];
        int cols = (int) a.shape()[1];
        float[][] v = new float[rows][];
        for (int i = 0; i < rows; i++) {
            v[i] = Arrays.copyOfRange(a.data(), i * cols, (i + 1) * cols);
        }
        return new ScoreCohort(v, topK);
    }

    private static float[] normalised(float[] x) {
        double n = 0;
        for (float v : x) {
            n += (double) v * v;
        }
        double inv = n > 0 ? 1 / Math.sqrt(n) : 0;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * inv);
        }
        return out;
    }
}
