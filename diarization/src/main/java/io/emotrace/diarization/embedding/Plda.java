package io.emotrace.diarization.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Two-covariance PLDA over speaker embeddings: an embedding is a speaker variable plus a within-speaker nuisance
 * (emotion, channel, words, noise), both Gaussian. Fitted on many labelled speakers, it turns "how similar" into a
 * log-likelihood ratio same/different speaker whose zero point means the same thing on any recording (the
 * within-speaker spread it learned includes acted emotions and telephone channels), instead of one cosine
 * threshold tuned on one kind of audio.
 *
 * <p>Pre-processing (Garcia-Romero): centre on the training mean, whiten by the total covariance, length-normalise.
 * Then one linear map {@code T} diagonalises both covariances (within = I, between = diag(psi)); only the
 * {@code dims} most speaker-discriminative directions are kept. In that space every dimension is independent, so
 * scores of single embeddings and of groups (sufficient statistics: count and sum) are closed forms.
 */
public final class Plda {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** File name beside the embedding model. */
    public static final String FILE = "plda.json";

    private final double[] mean;
    private final double[][] whiten; // [d][d]
    private final double[][] transform; // [dims][d]
    private final double[] psi; // between-speaker variance per kept dimension (within = 1)

    Plda(double[] mean, double[][] whiten, double[][] transform, double[] psi) {
        this.mean = mean;
        this.whiten = whiten;
        this.transform = transform;
        this.psi = psi;
    }

    public int inputDim() {
        return mean.length;
    }

    public int dims() {
        return psi.length;
    }

    /** Between-speaker variance of each kept direction (within-speaker variance is 1). */
    public double[] psi() {
        return psi.clone();
    }

    /**
     * Fits the model on labelled embeddings.
     *
     * @param x      embeddings [n][d]
     * @param labels speaker index per embedding
     * @param dims   directions kept (at most d)
     */
    public static Plda fit(float[][] x, int[] labels, int dims) {
        int n = x.length;
        if (n == 0 || labels.length != n) {
            throw new IllegalArgumentException("no embeddings to fit PLDA on");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        for (float[] v : x) {
            for (int k = 0; k < d; k++) {
                mean[k] += v[k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= n;
        }
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                centred[i][k] = x[i][k] - mean[k];
            }
        }
        double[][] total = covariance(centred, d);
        double[][] whiten = inverseSqrt(total, 1e-6);
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = lengthNormalise(multiply(whiten, centred[i]));
        }
        // Speaker means and the within/between covariances of the whitened, length-normalised vectors.
        Map<Integer, double[]> sums = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double[] s = sums.computeIfAbsent(labels[i], l -> new double[d]);
            for (int k = 0; k < d; k++) {
                s[k] += z[i][k];
            }
            counts.merge(labels[i], 1, Integer::sum);
        }
        double[] grand = new double[d];
        for (double[] v : z) {
            for (int k = 0; k < d; k++) {
                grand[k] += v[k] / n;
            }
        }
        double[][] within = new double[d][d];
        int withinCount = 0;
        for (int i = 0; i < n; i++) {
            int c = counts.get(labels[i]);
            if (c < 2) {
                continue;
            }
            double[] s = sums.get(labels[i]);
            double[] r = new double[d];
            for (int k = 0; k < d; k++) {
                r[k] = z[i][k] - s[k] / c;
            }
            addOuter(within, r, 1.0);
            withinCount++;
        }
        double[][] between = new double[d][d];
        int speakers = 0;
        for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
            int c = counts.get(e.getKey());
            double[] r = new double[d];
            for (int k = 0; k < d; k++) {
                r[k] = e.getValue()[k] / c - grand[k];
            }
            addOuter(between, r, 1.0);
            speakers++;
        }
        if (withinCount < d || speakers < 2) {
            throw new IllegalArgumentException("too few speakers or repeated embeddings to fit PLDA ("
                    + speakers + " speakers, " + withinCount + " within-speaker samples)");
        }
        scale(within, 1.0 / withinCount);
        scale(between, 1.0 / speakers);
        // Simultaneous diagonalisation: A = W^{-1/2}; eig(A B A') = U diag(psi) U'; T = U' A.
        double[][] a = inverseSqrt(within, 1e-8);
        double[][] b2 = multiply(multiply(a, between), transpose(a));
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(symmetrise(b2), false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int k = 0; k < d; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        int keep = Math.max(1, Math.min(dims, d));
        double[][] t = new double[keep][];
        double[] psi = new double[keep];
        for (int r = 0; r < keep; r++) {
            double[] u = eig.getEigenvector(order[r]).toArray();
            t[r] = multiply(transpose(a), u); // row r of U' A = (A' u)'
            psi[r] = Math.max(1e-6, values[order[r]]);
        }
        return new Plda(mean, whiten, t, psi);
    }

    /** The embedding in the model's space (centred, whitened, length-normalised, projected). */
    public double[] project(float[] x) {
        int d = mean.length;
        if (x.length != d) {
            throw new IllegalArgumentException("embedding has " + x.length + " values, the PLDA model expects " + d);
        }
        double[] c = new double[d];
        for (int k = 0; k < d; k++) {
            c[k] = x[k] - mean[k];
        }
        double[] z = lengthNormalise(multiply(whiten, c));
        return multiply(transform, z);
    }

    /** Same-versus-different-speaker log-likelihood ratio of two projected embeddings. */
    public double llr(double[] u1, double[] u2) {
        double s = 0;
        for (int k = 0; k < psi.length; k++) {
            double p = psi[k];
            double a = p + 1;
            double det = a * a - p * p; // = 2p + 1
            s += -0.5 * Math.log(det) - 0.5 * (a * u1[k] * u1[k] - 2 * p * u1[k] * u2[k] + a * u2[k] * u2[k]) / det
                    + Math.log(a) + 0.5 * (u1[k] * u1[k] + u2[k] * u2[k]) / a;
        }
        return s;
    }

    /**
     * Log marginal likelihood of a group of embeddings sharing one speaker, up to terms that cancel in a merge
     * ratio: sum over dimensions of -0.5 log(1 + n psi) + 0.5 S^2 / (n + 1/psi), with {@code n} the (effective)
     * count and {@code sum} the sum of the projected embeddings.
     */
    public double groupScore(double n, double[] sum) {
        double s = 0;
        for (int k = 0; k < psi.length; k++) {
            s += -0.5 * Math.log(1 + n * psi[k]) + 0.5 * sum[k] * sum[k] / (n + 1 / psi[k]);
        }
        return s;
    }

    /** Log-likelihood ratio that two groups are one speaker rather than two. */
    public double mergeLlr(double n1, double[] s1, double n2, double[] s2) {
        double[] s = new double[psi.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = s1[k] + s2[k];
        }
        return groupScore(n1 + n2, s) - groupScore(n1, s1) - groupScore(n2, s2);
    }

    public void write(Path file, Map<String, Object> provenance) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "emotrace-plda-1");
        root.set("provenance", JSON.valueToTree(provenance));
        root.set("mean", array(mean));
        root.set("whiten", matrix(whiten));
        root.set("transform", matrix(transform));
        root.set("psi", array(psi));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The model stored beside an embedding model, or null when there is none. */
    public static Plda readIfPresent(Path modelDir) throws IOException {
        Path f = modelDir.resolve(FILE);
        return Files.isRegularFile(f) ? read(f) : null;
    }

    public static Plda read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** The model from the bytes of its file ({@code origin} names it in errors). */
    public static Plda parse(byte[] json, String origin) throws IOException {
        JsonNode root = JSON.readTree(json);
        String file = origin;
        if (!"emotrace-plda-1".equals(root.path("format").asText())) {
            throw new IOException(file + " is not an emotrace PLDA model");
        }
        double[] mean = vector(root.path("mean"));
        double[][] whiten = matrix(root.path("whiten"));
        double[][] transform = matrix(root.path("transform"));
        double[] psi = vector(root.path("psi"));
        int d = mean.length;
        if (d == 0 || whiten.length != d || transform.length != psi.length || psi.length == 0
                || transform[0].length != d) {
            throw new IOException(file + ": inconsistent PLDA shapes");
        }
        return new Plda(mean, whiten, transform, psi);
    }

    // --- small dense linear algebra (d <= a few hundred) ---

    private static double[][] covariance(double[][] x, int d) {
        double[][] c = new double[d][d];
        for (double[] v : x) {
            addOuter(c, v, 1.0);
        }
        scale(c, 1.0 / Math.max(1, x.length));
        return c;
    }

    private static void addOuter(double[][] m, double[] v, double w) {
        for (int i = 0; i < v.length; i++) {
            double vi = v[i] * w;
            double[] row = m[i];
            for (int j = 0; j < v.length; j++) {
                row[j] += vi * v[j];
            }
        }
    }

    private static void scale(double[][] m, double f) {
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= f;
            }
        }
    }

    private static double[][] symmetrise(double[][] m) {
        int d = m.length;
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        return s;
    }

    /** M^{-1/2} of a symmetric positive semi-definite matrix, eigenvalues floored at {@code floor} x the largest. */
    private static double[][] inverseSqrt(double[][] m, double floor) {
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(symmetrise(m), false));
        RealMatrix v = eig.getV();
        double[] l = eig.getRealEigenvalues();
        double max = 0;
        for (double x : l) {
            max = Math.max(max, x);
        }
        int d = m.length;
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double f = 1 / Math.sqrt(Math.max(l[k], floor * max));
            double[] col = v.getColumn(k);
            for (int i = 0; i < d; i++) {
                double ci = col[i] * f;
                for (int j = 0; j < d; j++) {
                    out[i][j] += ci * col[j];
                }
            }
        }
        return out;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            double[] row = m[i];
            for (int k = 0; k < v.length; k++) {
                s += row[k] * v[k];
            }
            out[i] = s;
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int inner = b.length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                for (int j = 0; j < m; j++) {
                    out[i][j] += aik * b[k][j];
                }
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[] lengthNormalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double f = s > 0 ? Math.sqrt(v.length / s) : 0; // length sqrt(d): unit variance per dimension
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] * f;
        }
        return out;
    }

    private static ArrayNode array(double[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    private static ArrayNode matrix(double[][] m) {
        ArrayNode a = JSON.createArrayNode();
        for (double[] row : m) {
            a.add(array(row));
        }
        return a;
    }

    private static double[] vector(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    private static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(n.get(i));
        }
        return m;
    }
}
