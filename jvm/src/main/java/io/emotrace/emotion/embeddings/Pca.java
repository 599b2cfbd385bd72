package io.emotrace.emotion.embeddings;

import java.util.Random;

/**
 * The first principal components of a point set by power iteration with deflation on the covariance
 * (D x D; D is at most about a thousand here). Components are unit vectors with their sign fixed so the largest
 * coordinate is positive, which makes plots reproducible.
 */
public final class Pca {
    /** Mean (D), components (n x D), the variance along each, and the total variance. */
    public record Result(double[] mean, double[][] components, double[] variance, double totalVariance) {
        public double[] project(float[] x) {
            double[] p = new double[components.length];
            for (int c = 0; c < components.length; c++) {
                double s = 0;
                for (int j = 0; j < x.length; j++) {
                    s += (x[j] - mean[j]) * components[c][j];
                }
                p[c] = s;
            }
            return p;
        }

        public double explained(int c) {
            return totalVariance == 0 ? 0 : variance[c] / totalVariance;
        }
    }

    private Pca() {
    }

    public static Result fit(float[][] x, int n) {
        int d = x[0].length;
        double[] mean = new double[d];
        for (float[] v : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= x.length;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (float[] v : x) {
            for (int j = 0; j < d; j++) {
                c[j] = v[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = c[a];
                if (ca == 0) {
                    continue;
                }
                double[] row = cov[a];
                for (int b = a; b < d; b++) {
                    row[b] += ca * c[b];
                }
            }
        }
        double total = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= Math.max(1, x.length - 1);
                cov[b][a] = cov[a][b];
            }
            total += cov[a][a];
        }
        int m = Math.min(n, d);
        double[][] comps = new double[m][];
        double[] var = new double[m];
        Random r = new Random(1);
        for (int k = 0; k < m; k++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = r.nextGaussian();
            }
            double lambda = 0;
            for (int it = 0; it < 500; it++) {
                double[] w = multiply(cov, v);
                double nw = Math.sqrt(dot(w, w));
                if (nw == 0) {
                    break;
                }
                for (int j = 0; j < d; j++) {
                    w[j] /= nw;
                }
                double diff = 0;
                for (int j = 0; j < d; j++) {
                    diff = Math.max(diff, Math.abs(w[j] - v[j]));
                }
                v = w;
                lambda = nw;
                if (diff < 1e-10) {
                    break;
                }
            }
            fixSign(v);
            comps[k] = v;
            var[k] = lambda;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        return new Result(mean, comps, var, total);
    }

    private static void fixSign(double[] v) {
        int big = 0;
        for (int j = 1; j < v.length; j++) {
            if (Math.abs(v[j]) > Math.abs(v[big])) {
                big = j;
            }
        }
        if (v[big] < 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = -v[j];
            }
        }
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int a = 0; a < m.length; a++) {
            out[a] = dot(m[a], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
