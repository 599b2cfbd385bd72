package io.emotrace.emotion.embedded;

import io.emotrace.domain.Emotion;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A linear emotion classifier on utterance statistics less the speaker's own mean statistics, fused with the CNN: the
 * answer is the mean of the CNN's and the heads' log-probabilities over the 7 predicted classes. The shipped model has
 * two heads: the voice head on {@link VoiceStats} (the speaker network's summary of the utterance) and the prosody head
 * on {@link RowStats} (the spectrum, level and pitch statistics of the CNN's own rows). They read different things from
 * the CNN (which reads the speaker-normalised spectrum and pitch over time), so their errors differ and the fusion
 * transfers to unheard corpora better than any of them (docs/emotion.md, "Voice head"). A head needs the speaker's mean,
 * i.e. several clips of that voice ({@link #MIN_CLIPS}); without them the CNN answers alone. The fused answer has its
 * own calibration (temperature and {@code other} bound, fitted across corpora on fused answers, kept in the voice
 * head's file); the card's calibration is the CNN's alone.
 */
public final class VoiceHead {
    public static final String FILE = "voice-head.json";
    /** The prosody head's file beside the card. */
    public static final String PROSODY_FILE = "prosody-head.json";
    /** {@link #encoder} of a head on {@link RowStats}. */
    public static final String ROW_STATS = "row-stats/1";
    /** {@link #encoder} of a head on {@link RowStats} with their rhythm statistics (a measurement; the runtime reads none). */
    public static final String ROW_STATS_RHYTHM = "row-stats+rhythm/1";
    public static final String FORMAT = "emotrace-voice-head/1";
    /** Clips of a voice needed before its mean statistics stand for the speaker (training uses every clip). */
    public static final int MIN_CLIPS = 3;
    /** L2 weight on the class-balanced mean loss and full-batch Adam steps (chosen on the first LOCO sweep). */
    public static final double L2 = 1.0;
    public static final int ITERATIONS = 300;
    private static final double LEARNING_RATE = 0.05;
    private static final float EXCLUDED = -1e4f;

    /**
     * @param encoder   {@link VoiceStats#identity()} of the encoder the head was trained on, or {@link #ROW_STATS}
     * @param mean      per-dimension mean of the training statistics (after the speaker mean was removed)
     * @param scale     per-dimension 1 / standard deviation
     * @param w         [9 classes][dim] weights (rows of classes the head does not predict are zero)
     * @param temperature the divisor of the fused answer before the softmax (1 = none; the voice head's file holds
     *     the calibration of the answer fused with every head)
     * @param otherBelow  top probability of the fused answer under which it is {@code other}
     */
    public record Weights(String format, String encoder, int dim, float[] mean, float[] scale, float[][] w, float[] b,
            double temperature, double otherBelow, String summary) {
        public Weights {
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException("not a voice head: format " + format);
            }
            if (mean == null || scale == null || w == null || b == null || mean.length != dim || scale.length != dim
                    || w.length != EmotionNet.CLASSES || b.length != EmotionNet.CLASSES || !(temperature > 0) || !(otherBelow >= 0 && otherBelow < 1)) {
                throw new IllegalArgumentException("voice head of inconsistent shape or calibration");
            }
            for (float[] row : w) {
                if (row == null || row.length != dim) {
                    throw new IllegalArgumentException("voice head of inconsistent shape");
                }
            }
        }

        /** These weights under another calibration of the fused answer. */
        public Weights calibrated(double temperature, double otherBelow) {
            return new Weights(format, encoder, dim, mean, scale, w, b, temperature, otherBelow, summary);
        }
    }

    private final Weights p;

    public VoiceHead(Weights p) {
        this.p = p;
    }

    public Weights weights() {
        return p;
    }

    public static VoiceHead read(byte[] json, String origin) throws IOException {
        try {
            return new VoiceHead(ResultJson.mapper().readValue(json, Weights.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(origin + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) throws IOException {
        ResultJson.mapper().writeValue(file.toFile(), p);
    }

    /** Log-probabilities over the 9 classes (predicted ones finite) of a clip's statistics less the speaker's mean. */
    public float[] logProbs(float[] stats, float[] speakerMean) {
        if (stats.length != p.dim() || speakerMean.length != p.dim()) {
            throw new IllegalArgumentException("statistics of " + stats.length + " values for a head of " + p.dim());
        }
        float[] x = new float[p.dim()];
        for (int j = 0; j < x.length; j++) {
            x[j] = (stats[j] - speakerMean[j] - p.mean()[j]) * p.scale()[j];
        }
        double[] z = new double[EmotionNet.CLASSES];
        for (int c = 0; c < z.length; c++) {
            z[c] = CorpusLabels.PREDICTED.contains(Emotion.values()[c]) ? dot(p.w()[c], x) + p.b()[c] : Double.NEGATIVE_INFINITY;
        }
        return logSoftmax(z);
    }

    /**
     * The fused answer (used as logits: the fused temperature divides it): the mean of the CNN's log-probabilities
     * and the heads' (equal weights, fixed before any measurement).
     */
    public static float[] fuse(float[] cnnLogits, List<float[]> headLogProbs) {
        double[] z = new double[EmotionNet.CLASSES];
        for (int c = 0; c < z.length; c++) {
            z[c] = CorpusLabels.PREDICTED.contains(Emotion.values()[c]) ? cnnLogits[c] : Double.NEGATIVE_INFINITY;
        }
        float[] cnn = logSoftmax(z);
        float[] out = new float[EmotionNet.CLASSES];
        int n = 1 + headLogProbs.size();
        for (int c = 0; c < out.length; c++) {
            if (cnn[c] == EXCLUDED) {
                out[c] = EXCLUDED;
                continue;
            }
            double sum = cnn[c];
            for (float[] h : headLogProbs) {
                sum += h[c];
            }
            out[c] = (float) (sum / n);
        }
        return out;
    }

    /** Log-softmax over the finite entries; the others get {@link #EXCLUDED}. */
    static float[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Double.isFinite(v) ? Math.exp(v - max) : 0;
        }
        double log = max + Math.log(sum);
        float[] out = new float[z.length];
        for (int c = 0; c < z.length; c++) {
            out[c] = Double.isFinite(z[c]) ? (float) (z[c] - log) : EXCLUDED;
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }


    /**
     * Fits the head: multinomial logistic regression by full-batch Adam, each clip's softmax over its corpus's own
     * classes ({@code allowed}), every corpus weighing the same and every class the same within its corpus.
     *
     * @param x     statistics less the speaker's mean, one row per clip
     * @param label the clips' classes
     * @param group each clip's corpus
     */
    public static Weights fit(float[][] x, Emotion[] label, List<Set<Emotion>> allowed, String[] group, String encoder,
            String summary) {
        int n = x.length;
        int d = x[0].length;
        int k = EmotionNet.CLASSES;
        float[] mean = new float[d];
        float[] scale = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            double ss = 0;
            for (float[] r : x) {
                s += r[j];
                ss += (double) r[j] * r[j];
            }
            double m = s / n;
            mean[j] = (float) m;
            scale[j] = (float) (1 / (Math.sqrt(Math.max(0, ss / n - m * m)) + 1e-6));
        }
        float[] xs = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xs[i * d + j] = (x[i][j] - mean[j]) * scale[j];
            }
        }
        double[] weight = balancedWeights(label, group);
        boolean[][] ok = new boolean[n][k];
        for (int i = 0; i < n; i++) {
            for (Emotion e : allowed.get(i)) {
                ok[i][e.ordinal()] = CorpusLabels.PREDICTED.contains(e);
            }
        }
        double[] w = new double[k * d];
        double[] b = new double[k];
        double[] mw = new double[k * d];
        double[] vw = new double[k * d];
        double[] mb = new double[k];
        double[] vb = new double[k];
        double[] gw = new double[k * d];
        double[] gb = new double[k];
        double[] z = new double[k];
        for (int t = 1; t <= ITERATIONS; t++) {
            java.util.Arrays.fill(gw, 0);
            java.util.Arrays.fill(gb, 0);
            for (int i = 0; i < n; i++) {
                int off = i * d;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (!ok[i][c]) {
                        continue;
                    }
                    double s = b[c];
                    int wo = c * d;
                    for (int j = 0; j < d; j++) {
                        s += w[wo + j] * xs[off + j];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    if (ok[i][c]) {
                        z[c] = Math.exp(z[c] - max);
                        sum += z[c];
                    }
                }
                for (int c = 0; c < k; c++) {
                    if (!ok[i][c]) {
                        continue;
                    }
                    double g = (z[c] / sum - (label[i].ordinal() == c ? 1 : 0)) * weight[i];
                    gb[c] += g;
                    int wo = c * d;
                    for (int j = 0; j < d; j++) {
                        gw[wo + j] += g * xs[off + j];
                    }
                }
            }
            for (int q = 0; q < gw.length; q++) {
                gw[q] += L2 * w[q];
            }
            adam(w, gw, mw, vw, t);
            adam(b, gb, mb, vb, t);
        }
        float[][] wf = new float[k][d];
        float[] bf = new float[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                wf[c][j] = (float) w[c * d + j];
            }
            bf[c] = (float) b[c];
        }
        return new Weights(FORMAT, encoder, d, mean, scale, wf, bf, 1.0, 0.0, summary);
    }

    private static void adam(double[] p, double[] g, double[] m, double[] v, int t) {
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int q = 0; q < p.length; q++) {
            m[q] = 0.9 * m[q] + 0.1 * g[q];
            v[q] = 0.999 * v[q] + 0.001 * g[q] * g[q];
            p[q] -= LEARNING_RATE * (m[q] / c1) / (Math.sqrt(v[q] / c2) + 1e-8);
        }
    }

    /** 1 / (corpora x classes of the corpus x clips of that corpus and class): the weights sum to 1. */
    static double[] balancedWeights(Emotion[] label, String[] group) {
        Map<String, Integer> count = new HashMap<>();
        Map<String, Set<Emotion>> classes = new HashMap<>();
        for (int i = 0; i < label.length; i++) {
            count.merge(group[i] + "|" + label[i], 1, Integer::sum);
            classes.computeIfAbsent(group[i], g -> new java.util.HashSet<>()).add(label[i]);
        }
        double[] w = new double[label.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1.0 / (classes.size() * classes.get(group[i]).size() * count.get(group[i] + "|" + label[i]));
        }
        return w;
    }
}
