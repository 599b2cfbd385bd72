package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.domain.Emotion;
import io.emotrace.output.NpyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The Emotion2Vec+ classifier that FunASR applies after the encoder ({@code model.py}, {@code inference}):
 * mean of the frame features, {@code proj} = Linear(D, 9), classes not in {@code allowed} set to -inf, softmax.
 * Row i of the weight is the i-th token of the model's tokens list, which is {@link Emotion}'s order.
 *
 * <p>The FunASR ONNX export leaves {@code proj} out, so its weights come as two .npy files beside the .onnx
 * file: {@code NAME.proj.weight.npy} (9, D) and {@code NAME.proj.bias.npy} (9,).
 */
public final class Emotion2VecHead {
    public static final int CLASSES = Emotion.values().length;

    private final float[] weight;
    private final float[] bias;
    private final int dim;
    private final Set<Emotion> allowed;

    public Emotion2VecHead(float[] weight, float[] bias, int dim, Set<Emotion> allowed) {
        if (weight.length != CLASSES * dim || bias.length != CLASSES) {
            throw new IllegalArgumentException("head needs weight (9, " + dim + ") and bias (9,), got "
                    + weight.length + " and " + bias.length + " values");
        }
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("at least one class must be allowed");
        }
        this.weight = weight.clone();
        this.bias = bias.clone();
        this.dim = dim;
        this.allowed = EnumSet.copyOf(allowed);
    }

    public static Path weightFile(Path onnx) {
        return sibling(onnx, ".proj.weight.npy");
    }

    public static Path biasFile(Path onnx) {
        return sibling(onnx, ".proj.bias.npy");
    }

    private static Path sibling(Path onnx, String suffix) {
        String name = onnx.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return onnx.resolveSibling(stem + suffix);
    }

    /** Loads the head stored beside {@code onnx}; fails with the export hint when it is missing. */
    public static Emotion2VecHead loadBeside(Path onnx, Set<Emotion> allowed) throws EmotraceException {
        Path w = weightFile(onnx);
        Path b = biasFile(onnx);
        if (!Files.isRegularFile(w) || !Files.isRegularFile(b)) {
            throw new EmotraceException("emotion.head.missing", "Emotion2Vec+ classifier weights not found: " + w
                    + " and " + b + ". The FunASR ONNX export has no classifier; save it with: " + exportHint(onnx));
        }
        try {
            NpyReader.Array wa = NpyReader.read(w);
            NpyReader.Array ba = NpyReader.read(b);
            if (wa.shape().length != 2 || wa.shape()[0] != CLASSES || ba.data().length != CLASSES) {
                throw new EmotraceException("emotion.head.shape", "classifier weights must be (9, D) and (9,), got "
                        + Arrays.toString(wa.shape()) + " and " + Arrays.toString(ba.shape()));
            }
            return new Emotion2VecHead(wa.data(), ba.data(), (int) wa.shape()[1], allowed);
        } catch (IOException e) {
            throw new EmotraceException("emotion.head.read", "cannot read classifier weights " + w + ", " + b + ": " + io.emotrace.output.IoProblem.describe(e), e);
        }
    }

    static String exportHint(Path onnx) {
        String file = onnx.getFileName().toString();
        String variant = file.contains("seed") ? "seed" : file.contains("base") ? "base" : "large";
        return "python3 -c \"import numpy as np; from funasr import AutoModel; m = AutoModel(model='iic/emotion2vec_plus_" + variant + "')"
                + ".model; np.save('" + weightFile(onnx) + "', m.proj.weight.detach().cpu().numpy().astype('float32')); "
                + "np.save('" + biasFile(onnx) + "', m.proj.bias.detach().cpu().numpy().astype('float32'))\"";
    }

    public int dim() {
        return dim;
    }

    /** Class probabilities (softmax over the allowed logits; the others are exactly 0) in {@link Emotion} order. */
    public float[] scores(float[] utteranceEmbedding) {
        if (utteranceEmbedding.length != dim) {
            throw new IllegalArgumentException("embedding has " + utteranceEmbedding.length + " values, head expects " + dim);
        }
        double[] logits = new double[CLASSES];
        double max = Double.NEGATIVE_INFINITY;
        Emotion[] classes = Emotion.values();
        for (int c = 0; c < CLASSES; c++) {
            if (!allowed.contains(classes[c])) {
                logits[c] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double s = bias[c];
            for (int j = 0; j < dim; j++) {
                s += (double) weight[c * dim + j] * utteranceEmbedding[j];
            }
            logits[c] = s;
            max = Math.max(max, s);
        }
        double total = 0;
        for (int c = 0; c < CLASSES; c++) {
            logits[c] = logits[c] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logits[c] - max);
            total += logits[c];
        }
        float[] p = new float[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            p[c] = (float) (logits[c] / total);
        }
        return p;
    }
}
