package io.emotrace.emotion.head;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emotrace.EmotraceException;
import io.emotrace.domain.Emotion;
import io.emotrace.output.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small classifier over utterance embeddings that replaces a model's default head (a new language or
 * domain): standardise the embedding with the training mean/std, one hidden layer with ReLU, a linear layer
 * over the head's own classes, softmax. Classes of the 9 that the head does not know score exactly 0.
 *
 * <p>File format ({@value #FORMAT}), one JSON document so Python reads it with {@code json.load}:
 * {@code format}, {@code input_dim} D, {@code hidden} H, {@code classes} (English names, output order),
 * {@code mean} and {@code std} (D each), {@code w1} (H x D, row-major), {@code b1} (H), {@code w2} (C x H),
 * {@code b2} (C), and {@code trained} (free-form provenance: embedding model, data, epochs, metrics).
 * Forward pass: {@code h = relu(w1 . ((x - mean) / std) + b1); p = softmax(w2 . h + b2)}.
 */
public final class MlpHead {
    public static final String FORMAT = "emotrace-mlp-head-v1";
    public static final int MAX_PARAMETERS = 50_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The JSON form. */
    public record Stored(String format, @JsonProperty("input_dim") int inputDim, int hidden, List<String> classes,
            float[] mean, float[] std, float[] w1, float[] b1, float[] w2, float[] b2, Map<String, Object> trained) {
    }

    private final int dim;
    private final int hidden;
    private final Emotion[] classes;
    private final float[] mean;
    private final float[] std;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;
    private final Map<String, Object> trained;

    public MlpHead(int dim, int hidden, Emotion[] classes, float[] mean, float[] std, float[] w1, float[] b1,
            float[] w2, float[] b2, Map<String, Object> trained) {
        int c = classes.length;
        if (dim < 1 || hidden < 1 || c < 2 || mean.length != dim || std.length != dim || w1.length != hidden * dim
                || b1.length != hidden || w2.length != c * hidden || b2.length != c) {
            throw new IllegalArgumentException("inconsistent head shapes: D=" + dim + " H=" + hidden + " C=" + c);
        }
        this.dim = dim;
        this.hidden = hidden;
        this.classes = classes.clone();
        this.mean = mean;
        this.std = std;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.trained = trained == null ? Map.of() : trained;
    }

    /** The largest hidden width that keeps the head under {@link #MAX_PARAMETERS} (capped at {@code cap}). */
    public static int hiddenFor(int dim, int classes, int cap) {
        return Math.max(1, Math.min(cap, (MAX_PARAMETERS - 1 - classes) / (dim + 1 + classes)));
    }

    public static int parameterCount(int dim, int hidden, int classes) {
        return dim * hidden + hidden + hidden * classes + classes;
    }

    public int parameters() {
        return parameterCount(dim, hidden, classes.length);
    }

    public int dim() {
        return dim;
    }

    public Emotion[] classes() {
        return classes.clone();
    }

    public Map<String, Object> trained() {
        return trained;
    }

    /** Probabilities over the 9 classes in {@link Emotion} order; classes outside the head are 0. */
    public float[] scores(float[] embedding) {
        return scores(embedding, 0);
    }

    /** Same as {@link #scores(float[])} for the D values of {@code data} from {@code off}. */
    public float[] scores(float[] data, int off) {
        if (data.length - off < dim) {
            throw new IllegalArgumentException("embedding has " + (data.length - off) + " values, head expects " + dim);
        }
        float[] logits = logits(data, off);
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double z = 0;
        double[] e = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            e[k] = Math.exp(logits[k] - max);
            z += e[k];
        }
        float[] out = new float[Emotion.values().length];
        for (int k = 0; k < classes.length; k++) {
            out[classes[k].ordinal()] = (float) (e[k] / z);
        }
        return out;
    }

    /** Raw logits over the head's own classes. */
    float[] logits(float[] x, int off) {
        float[] h = new float[hidden];
        float[] xn = new float[dim];
        for (int j = 0; j < dim; j++) {
            xn[j] = (x[off + j] - mean[j]) / std[j];
        }
        for (int i = 0; i < hidden; i++) {
            double s = b1[i];
            int row = i * dim;
            for (int j = 0; j < dim; j++) {
                s += w1[row + j] * xn[j];
            }
            h[i] = (float) Math.max(0, s);
        }
        float[] out = new float[classes.length];
        for (int k = 0; k < classes.length; k++) {
            double s = b2[k];
            for (int i = 0; i < hidden; i++) {
                s += w2[k * hidden + i] * h[i];
            }
            out[k] = (float) s;
        }
        return out;
    }

    public void save(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        for (Emotion e : classes) {
            names.add(e.english());
        }
        Stored s = new Stored(FORMAT, dim, hidden, names, mean, std, w1, b1, w2, b2, trained);
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
    }

    public static MlpHead load(Path file) throws EmotraceException {
        Stored s;
        try {
            s = JSON.readValue(file.toFile(), Stored.class);
        } catch (IOException e) {
            throw new EmotraceException("emotion.head.read", "cannot read head " + file + ": "
                    + io.emotrace.output.IoProblem.describe(e), e);
        }
        if (!FORMAT.equals(s.format())) {
            throw new EmotraceException("emotion.head.format", file + " is not an " + FORMAT + " file (format: "
                    + s.format() + ")");
        }
        try {
            Emotion[] cls = s.classes().stream().map(Emotion::parse).toArray(Emotion[]::new);
            return new MlpHead(s.inputDim(), s.hidden(), cls, s.mean(), s.std(), s.w1(), s.b1(), s.w2(), s.b2(),
                    s.trained());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EmotraceException("emotion.head.format", file + ": " + e.getMessage(), e);
        }
    }
}
