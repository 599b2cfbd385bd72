package io.emotrace.emotion.head;

import io.emotrace.domain.Emotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains an {@link MlpHead} on utterance embeddings in plain Java (the head is tiny; N is hundreds to thousands):
 * class-balanced cross-entropy, ReLU hidden layer with dropout, AdamW, mini-batches, fixed seed. Inputs are
 * standardised with the training mean and std, which the head stores.
 */
public final class HeadTrainer {
    /**
     * @param hidden hidden width, 0 for the largest that stays under {@link MlpHead#MAX_PARAMETERS} up to 64
     * @param balanced weight each class by N / (C * n_c) so a rare emotion is not ignored
     */
    public record Config(int hidden, int epochs, int batch, double lr, double weightDecay, double dropout, long seed,
            boolean balanced) {
        public static Config defaults() {
            return new Config(0, 200, 32, 1e-3, 1e-2, 0.3, 1, true);
        }

        public Config withEpochs(int e) {
            return new Config(hidden, e, batch, lr, weightDecay, dropout, seed, balanced);
        }

        public Config withHidden(int h) {
            return new Config(h, epochs, batch, lr, weightDecay, dropout, seed, balanced);
        }

        public Config withSeed(long s) {
            return new Config(hidden, epochs, batch, lr, weightDecay, dropout, s, balanced);
        }
    }

    /** The trained head and its loss per epoch. */
    public record Trained(MlpHead head, double[] loss, double trainAccuracy) {
    }

    private HeadTrainer() {
    }

    public static Trained train(float[][] x, Emotion[] y, Config cfg, Map<String, Object> provenance) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("need as many labels as embeddings, got " + n + " and " + y.length);
        }
        int d = x[0].length;
        Set<Emotion> present = EnumSet.noneOf(Emotion.class);
        present.addAll(Arrays.asList(y));
        Emotion[] classes = present.toArray(new Emotion[0]);
        int c = classes.length;
        if (c < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + present);
        }
        int h = cfg.hidden() > 0 ? cfg.hidden() : MlpHead.hiddenFor(d, c, 64);
        if (MlpHead.parameterCount(d, h, c) >= MlpHead.MAX_PARAMETERS) {
            throw new IllegalArgumentException("hidden " + h + " gives " + MlpHead.parameterCount(d, h, c)
                    + " parameters; the head must stay under " + MlpHead.MAX_PARAMETERS);
        }
        int[] target = new int[n];
        int[] count = new int[c];
        for (int i = 0; i < n; i++) {
            target[i] = Arrays.asList(classes).indexOf(y[i]);
            count[target[i]]++;
        }
        double[] classWeight = new double[c];
        for (int k = 0; k < c; k++) {
            classWeight[k] = cfg.balanced() ? n / (double) (c * count[k]) : 1.0;
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (float[] v : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j] / n;
            }
        }
        for (float[] v : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = (float) Math.max(1e-6, Math.sqrt(std[j]));
        }
        float[][] xn = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xn[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }
        Random r = new Random(cfg.seed());
        Param w1 = new Param(h * d, Math.sqrt(2.0 / d), r);
        Param b1 = new Param(h, 0, r);
        Param w2 = new Param(c * h, Math.sqrt(1.0 / h), r);
        Param b2 = new Param(c, 0, r);
        List<Param> params = List.of(w1, b1, w2, b2);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] losses = new double[cfg.epochs()];
        double[] hid = new double[h];
        double[] hPre = new double[h];
        double[] mask = new double[h];
        double[] logit = new double[c];
        double[] dLogit = new double[c];
        double[] dh = new double[h];
        int step = 0;
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            shuffle(order, r);
            double epochLoss = 0;
            for (int from = 0; from < n; from += cfg.batch()) {
                int to = Math.min(n, from + cfg.batch());
                for (Param p : params) {
                    Arrays.fill(p.grad, 0);
                }
                double weightSum = 0;
                for (int bi = from; bi < to; bi++) {
                    weightSum += classWeight[target[order[bi]]];
                }
                for (int bi = from; bi < to; bi++) {
                    int i = order[bi];
                    float[] v = xn[i];
                    for (int u = 0; u < h; u++) {
                        double s = b1.w[u];
                        int row = u * d;
                        for (int j = 0; j < d; j++) {
                            s += w1.w[row + j] * v[j];
                        }
                        hPre[u] = s;
                        mask[u] = r.nextDouble() < cfg.dropout() ? 0 : 1 / (1 - cfg.dropout());
                        hid[u] = Math.max(0, s) * mask[u];
                    }
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < c; k++) {
                        double s = b2.w[k];
                        for (int u = 0; u < h; u++) {
                            s += w2.w[k * h + u] * hid[u];
                        }
                        logit[k] = s;
                        max = Math.max(max, s);
                    }
                    double z = 0;
                    for (int k = 0; k < c; k++) {
                        logit[k] = Math.exp(logit[k] - max);
                        z += logit[k];
                    }
                    double sw = classWeight[target[i]] / weightSum;
                    epochLoss += -Math.log(Math.max(1e-12, logit[target[i]] / z)) * classWeight[target[i]];
                    for (int k = 0; k < c; k++) {
                        dLogit[k] = sw * (logit[k] / z - (k == target[i] ? 1 : 0));
                        b2.grad[k] += dLogit[k];
                        for (int u = 0; u < h; u++) {
                            w2.grad[k * h + u] += dLogit[k] * hid[u];
                        }
                    }
                    for (int u = 0; u < h; u++) {
                        double g = 0;
                        for (int k = 0; k < c; k++) {
                            g += w2.w[k * h + u] * dLogit[k];
                        }
                        dh[u] = hPre[u] > 0 ? g * mask[u] : 0;
                        if (dh[u] == 0) {
                            continue;
                        }
                        b1.grad[u] += dh[u];
                        int row = u * d;
                        for (int j = 0; j < d; j++) {
                            w1.grad[row + j] += dh[u] * v[j];
                        }
                    }
                }
                step++;
                for (Param p : params) {
                    p.adamW(cfg.lr(), p == b1 || p == b2 ? 0 : cfg.weightDecay(), step);
                }
            }
            losses[epoch] = epochLoss / n;
        }
        MlpHead head = new MlpHead(d, h, classes, mean, std, w1.floats(), b1.floats(), w2.floats(), b2.floats(),
                provenance(provenance, cfg, h, n, count, classes));
        int correct = 0;
        for (int i = 0; i < n; i++) {
            float[] p = head.scores(x[i]);
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            correct += Emotion.values()[best] == y[i] ? 1 : 0;
        }
        return new Trained(head, losses, correct / (double) n);
    }

    private static Map<String, Object> provenance(Map<String, Object> given, Config cfg, int h, int n, int[] count,
            Emotion[] classes) {
        Map<String, Object> m = new LinkedHashMap<>(given == null ? Map.of() : given);
        m.put("config", cfg.toString().replace("Config", "").replace("[", "{").replace("]", "}"));
        m.put("hidden", h);
        m.put("train_embeddings", n);
        List<String> perClass = new ArrayList<>();
        for (int k = 0; k < classes.length; k++) {
            perClass.add(classes[k].english() + "=" + count[k]);
        }
        m.put("train_per_class", perClass);
        return m;
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A parameter tensor with its gradient and AdamW moments, in double precision. */
    private static final class Param {
        final double[] w;
        final double[] grad;
        final double[] m;
        final double[] v;

        Param(int size, double scale, Random r) {
            w = new double[size];
            grad = new double[size];
            m = new double[size];
            v = new double[size];
            for (int i = 0; i < size; i++) {
                w[i] = scale * r.nextGaussian();
            }
        }

        void adamW(double lr, double decay, int t) {
            double b1 = 0.9;
            double b2 = 0.999;
            double c1 = 1 - Math.pow(b1, t);
            double c2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < w.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * grad[i];
                v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
                w[i] -= lr * (m[i] / c1 / (Math.sqrt(v[i] / c2) + 1e-8) + decay * w[i]);
            }
        }

        float[] floats() {
            float[] f = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                f[i] = (float) w[i];
            }
            return f;
        }
    }
}
