package io.emotrace.emotion.standin;

import io.emotrace.output.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generates a small stand-in for a FunASR Emotion2Vec+ ONNX export, with the same signature: input
 * {@code input} float32 [batch_size, sequence_length], output {@code output} float32 [batch_size, frames, D]
 * at the real front end's frame rate (receptive field 400, hop 320 samples), plus the classifier beside it
 * ({@code NAME.proj.weight.npy} (9, D), {@code NAME.proj.bias.npy} (9,)).
 *
 * <p>Graph: Unsqueeze(axis 1) -> Conv(D filters, kernel 400, stride 320, bias) -> Transpose(0,2,1) -> Tanh.
 * The tanh makes the output depend on the input's scale and offset, so a caller that skips the per-utterance
 * layer norm gets different numbers. Weights are seeded pseudo-random values: deterministic, no training.
 * Run {@code main DIR [D]} to write one by hand.
 */
public final class Emotion2VecStandIn {
    public static final int KERNEL = 400;
    public static final int STRIDE = 320;

    /** The generated weights, kept so tests can compute the expected features independently of ONNX Runtime. */
    public record Weights(int dim, float[] conv, float[] convBias, float[] projWeight, float[] projBias, Path onnx) {
    }

    private Emotion2VecStandIn() {
    }

    public static Weights generate(Path dir, String stem, int dim, long seed) throws IOException {
        Random r = new Random(seed);
        float[] conv = gaussian(r, dim * KERNEL, 1.0 / Math.sqrt(KERNEL));
        float[] convBias = gaussian(r, dim, 0.5);
        float[] projW = gaussian(r, 9 * dim, 1.0);
        float[] projB = gaussian(r, 9, 0.1);
        Path onnx = writeModel(dir.resolve(stem + ".onnx"), "input", dim, conv, convBias);
        NpyWriter.write(dir.resolve(stem + ".proj.weight.npy"), projW, 9, dim);
        NpyWriter.write(dir.resolve(stem + ".proj.bias.npy"), projB, 1, 9);
        return new Weights(dim, conv, convBias, projW, projB, onnx);
    }

    /** The same graph under another input name (to check that foreign signatures are refused). */
    public static Path writeModel(Path file, String inputName, int dim, float[] conv, float[] convBias) throws IOException {
        new OnnxGraph("emotion2vec_stand_in")
                .input(inputName, "batch_size", "sequence_length")
                .output("output", "batch_size", "frames", dim)
                .longs("axes", new long[] {1}, 1)
                .floats("conv_w", conv, dim, 1, KERNEL)
                .floats("conv_b", convBias, dim)
                .node("Unsqueeze", new String[] {inputName, "axes"}, "wave3")
                .node("Conv", new String[] {"wave3", "conv_w", "conv_b"}, "conv",
                        "kernel_shape", new long[] {KERNEL}, "strides", new long[] {STRIDE})
                .node("Transpose", new String[] {"conv"}, "frames_t", "perm", new long[] {0, 2, 1})
                .node("Tanh", new String[] {"frames_t"}, "output")
                .write(file, 13);
        return file;
    }

    /** Frame features the stand-in computes for an already normalised waveform, in double precision. */
    public static float[] expectedFrames(Weights w, float[] normalised) {
        int frames = normalised.length < KERNEL ? 0 : (normalised.length - KERNEL) / STRIDE + 1;
        float[] out = new float[frames * w.dim()];
        for (int t = 0; t < frames; t++) {
            for (int d = 0; d < w.dim(); d++) {
                double s = w.convBias()[d];
                for (int k = 0; k < KERNEL; k++) {
                    s += (double) w.conv()[d * KERNEL + k] * normalised[t * STRIDE + k];
                }
                out[t * w.dim() + d] = (float) Math.tanh(s);
            }
        }
        return out;
    }

    private static float[] gaussian(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/stand-ins");
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        java.nio.file.Files.createDirectories(dir);
        System.out.println("wrote " + generate(dir, "emotion2vec_stand_in", dim, 42).onnx());
    }
}
