package io.emotrace.diarization.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.output.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How sure the diarizer is that a voice is the one speaking: a logistic model over the features of one embedding's
 * assignment (how close it sits to its own voice and to the nearest other, how long it is, how large and how apart its
 * voice is; {@code AttributionConfidence} in the pipeline, {@code OnlineSpeakers} for live labels), fitted by
 * {@code bench diarization --confidence --tune N [--confidence-out FILE]} (live: {@code bench live --tune-confidence})
 * on the tuning recordings only. It holds for the speaker model and the clustering settings it was fitted with, so it names
 * both: the diarizer gives no confidence where either differs (an uncalibrated number is worse than none).
 *
 * @param weights    bias first, then one weight per feature
 * @param clustering {@code ClusteringSettings.toString()} of the clustering it was fitted on
 * @param weightsSha SHA-256 of the speaker model's weights it was fitted on
 * @param provenance the command, the data and the figures of the fit (free text, for people)
 */
public record AttributionCalibration(double[] weights, String clustering, String weightsSha, String provenance) {
    public static final String FILE = "attribution-confidence.json";
    /** The live streams' calibration (online assignment, {@code OnlineSpeakers} features) beside the model. */
    public static final String LIVE_FILE = "live-attribution-confidence.json";
    public static final String FORMAT = "emotrace-attribution-confidence/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public AttributionCalibration {
        weights = weights.clone();
        if (weights.length < 2 || Arrays.stream(weights).anyMatch(w -> !Double.isFinite(w))) {
            throw new IllegalArgumentException("attribution calibration needs finite weights (bias + features)");
        }
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Number of features (without the bias). */
    public int features() {
        return weights.length - 1;
    }

    /** The calibrated probability that the assignment described by {@code x} (no bias term) is right. */
    public double probability(double[] x) {
        if (x.length != features()) {
            throw new IllegalArgumentException(x.length + " features, the calibration has " + features());
        }
        double z = weights[0];
        for (int j = 0; j < x.length; j++) {
            z += weights[j + 1] * x[j];
        }
        return 1 / (1 + Math.exp(-z));
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        var w = root.putArray("weights");
        for (double v : weights) {
            w.add(v);
        }
        root.put("clustering", clustering);
        root.put("weightsSha256", weightsSha);
        root.put("provenance", provenance);
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** The calibration from the bytes of its file ({@code origin} names it in errors). */
    public static AttributionCalibration parse(byte[] json, String origin) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(origin + " is not an emotrace attribution calibration (" + FORMAT + ")");
        }
        JsonNode w = root.path("weights");
        if (!w.isArray() || w.size() < 2) {
            throw new IOException(origin + ": 'weights' must be an array of at least two numbers");
        }
        double[] weights = new double[w.size()];
        for (int i = 0; i < weights.length; i++) {
            if (!w.get(i).isNumber()) {
                throw new IOException(origin + ": weights[" + i + "] is not a number");
            }
            weights[i] = w.get(i).asDouble();
        }
        String clustering = root.path("clustering").asText("");
        String sha = root.path("weightsSha256").asText("");
        if (clustering.isEmpty() || sha.isEmpty()) {
            throw new IOException(origin + ": 'clustering' and 'weightsSha256' name what it was fitted for");
        }
        try {
            return new AttributionCalibration(weights, clustering, sha, root.path("provenance").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IOException(origin + ": " + e.getMessage(), e);
        }
    }
}
