package io.emotrace.diarization.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Nuisance attribute projection (NAP): removes from a unit speaker embedding the few directions along which one
 * voice moves when only its emotion or its channel changes, then length-normalises again. The directions are the
 * leading eigenvectors of a within-speaker scatter measured on training speakers only (the same voice acted in
 * several emotions; the same crop clean and through telephone band, reverberation and noise), so cosine scoring
 * and the AHC threshold keep their meaning while "angry Anna" and "calm Anna" move closer.
 */
public final class NuisanceProjection {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** File name beside the embedding model. */
    public static final String FILE = "nap.json";

    private final double[][] directions; // [rank][d], orthonormal rows
    private final double[] variances; // nuisance variance along each direction

    NuisanceProjection(double[][] directions, double[] variances) {
        this.directions = directions;
        this.variances = variances;
    }

    public int inputDim() {
        return directions.length == 0 ? 0 : directions[0].length;
    }

    public int rank() {
        return directions.length;
    }

    /** The projection of {@code x} off the nuisance directions, length-normalised (a new array). */
    public float[] apply(float[] x) {
        double[] v = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            v[k] = x[k];
        }
        for (double[] u : directions) {
            double dot = 0;
            for (int k = 0; k < v.length; k++) {
                dot += u[k] * v[k];
            }
            for (int k = 0; k < v.length; k++) {
                v[k] -= dot * u[k];
            }
        }
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        double f = 1 / Math.sqrt(Math.max(s, 1e-20));
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = (float) (v[k] * f);
        }
        return out;
    }

    /** The first {@code rank} directions of this projection. */
    public NuisanceProjection top(int rank) {
        int r = Math.max(0, Math.min(rank, directions.length));
        return new NuisanceProjection(java.util.Arrays.copyOf(directions, r), java.util.Arrays.copyOf(variances, r));
    }

    /**
     * The projection onto the {@code rank} leading eigenvectors of a symmetric nuisance scatter matrix.
     *
     * @throws IllegalArgumentException when the matrix is not square or rank is not below its size
     */
    public static NuisanceProjection ofScatter(double[][] scatter, int rank) {
        int d = scatter.length;
        if (d == 0 || scatter[0].length != d || rank < 0 || rank >= d) {
            throw new IllegalArgumentException("NAP needs a square scatter and a rank below its size (d=" + d
                    + ", rank=" + rank + ")");
        }
        double[][] sym = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                sym[i][j] = 0.5 * (scatter[i][j] + scatter[j][i]);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(sym, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int k = 0; k < d; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        double[][] u = new double[rank][];
        double[] var = new double[rank];
        for (int r = 0; r < rank; r++) {
            u[r] = eig.getEigenvector(order[r]).toArray();
            var[r] = values[order[r]];
        }
        return new NuisanceProjection(u, var);
    }

    public void write(Path file, Map<String, Object> provenance) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "emotrace-nap-1");
        root.set("provenance", JSON.valueToTree(provenance));
        ArrayNode dirs = JSON.createArrayNode();
        for (double[] u : directions) {
            ArrayNode row = JSON.createArrayNode();
            for (double x : u) {
                row.add(x);
            }
            dirs.add(row);
        }
        root.set("directions", dirs);
        ArrayNode var = JSON.createArrayNode();
        for (double x : variances) {
            var.add(x);
        }
        root.set("variances", var);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The projection from the bytes of its file ({@code origin} names it in errors). */
    public static NuisanceProjection parse(byte[] json, String origin) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (!"emotrace-nap-1".equals(root.path("format").asText())) {
            throw new IOException(origin + " is not an emotrace nuisance projection");
        }
        JsonNode dirs = root.path("directions");
        JsonNode var = root.path("variances");
        int rank = dirs.size();
        if (rank == 0 || var.size() != rank) {
            throw new IOException(origin + ": no directions, or not one variance per direction");
        }
        int d = dirs.get(0).size();
        double[][] u = new double[rank][d];
        double[] v = new double[rank];
        for (int r = 0; r < rank; r++) {
            JsonNode row = dirs.get(r);
            if (row.size() != d || d == 0) {
                throw new IOException(origin + ": direction " + r + " has " + row.size() + " values, expected " + d);
            }
            double norm = 0;
            for (int k = 0; k < d; k++) {
                u[r][k] = row.get(k).asDouble();
                norm += u[r][k] * u[r][k];
            }
            if (Math.abs(norm - 1) > 1e-3) {
                throw new IOException(origin + ": direction " + r + " is not a unit vector");
            }
            v[r] = var.get(r).asDouble();
        }
        return new NuisanceProjection(u, v);
    }
}
