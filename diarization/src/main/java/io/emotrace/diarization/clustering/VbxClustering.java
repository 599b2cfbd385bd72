package io.emotrace.diarization.clustering;

/**
 * Variational Bayes clustering of embeddings under a PLDA model (VBx without its HMM, as used on per-window
 * embeddings that are not one frame sequence; Landini et al., "Bayesian HMM clustering of x-vector sequences", 2022).
 *
 * <p>In the PLDA space the within-speaker covariance is the identity and the between-speaker covariance the diagonal
 * {@code phi}. Every speaker has a latent mean with that prior; every embedding belongs to one speaker. Starting from
 * an over-split partition (AHC at a tight threshold), the updates alternate between each speaker's posterior mean
 * (precision grows with the evidence assigned to it) and each embedding's responsibilities (prior weight times the
 * expected likelihood, which charges a speaker for the uncertainty of its own mean). A speaker that only explains
 * what another explains as well loses its prior weight and vanishes: the count comes out of the model, not out of
 * one distance threshold. {@code fa} scales the acoustic evidence (embeddings of overlapping windows are not
 * independent), {@code fb} the speaker prior (larger: speakers are expected to lie further apart).
 */
final class VbxClustering {
    /** A speaker whose prior weight falls below this is dropped. */
    static final double MIN_WEIGHT = 1e-7;
    /** How firmly the start labels are believed (the literature's softmax scaling of the one-hot start). */
    static final double START_SMOOTHING = 7.0;
    /** Most update rounds (the ELBO usually settles in a few). */
    static final int MAX_ITERATIONS = 20;

    private VbxClustering() {
    }

    /**
     * @param x         embeddings in the PLDA space, [n][d]
     * @param phi       between-speaker variance of each dimension (within is 1)
     * @param init      starting labels 0..s-1 (over-split is fine, speakers are only removed)
     * @param fa        acoustic scaling
     * @param fb        speaker-prior scaling
     * @param smoothing how firmly the start labels are believed (softmax temperature on the one-hot start)
     * @param maxIters  most update rounds
     * @return labels 0..k-1 (the surviving speakers, most likely per embedding), compact
     */
    static int[] cluster(double[][] x, double[] phi, int[] init, double fa, double fb, double smoothing,
            int maxIters) {
        int n = x.length;
        if (n == 0) {
            return new int[0];
        }
        for (double[] row : x) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return SpeakerClusterer.compact(init); // nothing to learn from: keep the start
                }
            }
        }
        int d = phi.length;
        int s = 0;
        for (int l : init) {
            s = Math.max(s, l + 1);
        }
        double[][] rho = new double[n][d];
        double[] g = new double[n];
        for (int t = 0; t < n; t++) {
            double sq = 0;
            for (int k = 0; k < d; k++) {
                rho[t][k] = x[t][k] * Math.sqrt(phi[k]);
                sq += x[t][k] * x[t][k];
            }
            g[t] = -0.5 * (sq + d * Math.log(2 * Math.PI));
        }
        double[][] gamma = new double[n][s];
        for (int t = 0; t < n; t++) {
            double[] row = gamma[t];
            for (int c = 0; c < s; c++) {
                row[c] = c == init[t] ? smoothing : 0;
            }
            softmaxInPlace(row);
        }
        double[] pi = new double[s];
        java.util.Arrays.fill(pi, 1.0 / s);
        double ratio = fa / fb;
        double[][] invL = new double[s][d];
        double[][] alpha = new double[s][d];
        double[][] logP = new double[n][s];
        double previous = Double.NEGATIVE_INFINITY;
        for (int iter = 0; iter < maxIters; iter++) {
            for (int c = 0; c < s; c++) {
                double mass = 0;
                double[] acc = new double[d];
                for (int t = 0; t < n; t++) {
                    double q = gamma[t][c];
                    mass += q;
                    if (q > 0) {
                        for (int k = 0; k < d; k++) {
                            acc[k] += q * rho[t][k];
                        }
                    }
                }
                for (int k = 0; k < d; k++) {
                    invL[c][k] = 1.0 / (1 + ratio * mass * phi[k]);
                    alpha[c][k] = ratio * invL[c][k] * acc[k];
                }
            }
            double[] constant = new double[s]; // -0.5 sum_k (invL + alpha^2) phi, per speaker
            for (int c = 0; c < s; c++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += (invL[c][k] + alpha[c][k] * alpha[c][k]) * phi[k];
                }
                constant[c] = -0.5 * v;
            }
            double logPx = 0;
            double[] newPi = new double[s];
            for (int t = 0; t < n; t++) {
                double[] row = gamma[t];
                for (int c = 0; c < s; c++) {
                    double dot = 0;
                    for (int k = 0; k < d; k++) {
                        dot += rho[t][k] * alpha[c][k];
                    }
                    logP[t][c] = fa * (dot + constant[c] + g[t]);
                    row[c] = pi[c] > 0 ? Math.log(pi[c]) + logP[t][c] : Double.NEGATIVE_INFINITY;
                }
                logPx += softmaxInPlace(row);
                for (int c = 0; c < s; c++) {
                    newPi[c] += row[c];
                }
            }
            for (int c = 0; c < s; c++) {
                pi[c] = newPi[c] / n;
            }
            double elbo = logPx;
            for (int c = 0; c < s; c++) {
                for (int k = 0; k < d; k++) {
                    elbo += fb * 0.5 * (Math.log(invL[c][k]) - invL[c][k] - alpha[c][k] * alpha[c][k] + 1);
                }
            }
            if (iter > 0 && elbo - previous < 1e-6 * Math.abs(elbo)) {
                break;
            }
            previous = elbo;
        }
        int[] labels = new int[n];
        for (int t = 0; t < n; t++) {
            int best = -1;
            for (int c = 0; c < s; c++) {
                if (pi[c] > MIN_WEIGHT && (best < 0 || gamma[t][c] > gamma[t][best])) {
                    best = c;
                }
            }
            labels[t] = best < 0 ? 0 : best;
        }
        return SpeakerClusterer.compact(labels);
    }

    /** Normalises log-weights into probabilities in place; returns their log-sum. */
    private static double softmaxInPlace(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(row, 1.0 / row.length);
            return max;
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] /= sum;
        }
        return max + Math.log(sum);
    }
}
