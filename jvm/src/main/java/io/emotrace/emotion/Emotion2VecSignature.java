package io.emotrace.emotion;

/**
 * The ONNX signature of an Emotion2Vec(+) export, as FunASR produces it with
 * {@code AutoModel(model="iic/emotion2vec_plus_large").export(type="onnx")}:
 * <ul>
 *   <li>input {@value #INPUT}: float32 {@code [batch_size, sequence_length]}, 16 kHz mono waveform, already
 *       layer-normalised per utterance; the export does not normalise (its {@code F.layer_norm} call is
 *       commented out) and has no padding-mask input ({@code padding_mask=None});</li>
 *   <li>output {@value #OUTPUT}: float32 {@code [batch_size, frames, D]}, the encoder's frame features with the
 *       extra tokens removed ({@code features_only=True, remove_extra_tokens=True}); D = 768 (seed/base) or
 *       1024 (large); 50 frames per second.</li>
 * </ul>
 * Source: FunASR {@code funasr/models/emotion2vec/export_meta.py} ({@code export_forward},
 * {@code export_input_names}, {@code export_output_names}, {@code export_dynamic_axes}). The classifier
 * ({@code self.proj}, a Linear(D, 9) over the frame mean, {@code funasr/models/emotion2vec/model.py}
 * {@code inference}) is not part of that export; see {@link Emotion2VecHead}.
 */
public final class Emotion2VecSignature {
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final int SAMPLE_RATE = 16_000;
    /** {@code F.layer_norm(source, source.shape)} uses PyTorch's default epsilon. */
    public static final double LAYER_NORM_EPS = 1e-5;
    /** The wav2vec 2.0 style conv front end: (kernel, stride) = (10,5), (3,2) x4, (2,2) x2. */
    private static final int[][] CONV_LAYERS = {{10, 5}, {3, 2}, {3, 2}, {3, 2}, {3, 2}, {2, 2}, {2, 2}};
    /** Receptive field and hop of that front end in samples: frames = floor((T - 400) / 320) + 1. */
    public static final int RECEPTIVE_FIELD = 400;
    public static final int HOP = 320;

    private Emotion2VecSignature() {
    }

    /** Frames the conv front end yields for {@code samples} input samples (0 when shorter than 400). */
    public static int frameCount(long samples) {
        long n = samples;
        for (int[] layer : CONV_LAYERS) {
            n = n < layer[0] ? 0 : (n - layer[0]) / layer[1] + 1;
        }
        return Math.toIntExact(n);
    }

    /**
     * FunASR's input normalisation when the model config has {@code normalize: true} (all emotion2vec_plus
     * models): zero mean, unit variance over the whole utterance, biased variance, eps 1e-5, no affine.
     */
    public static float[] layerNorm(float[] wave) {
        double sum = 0;
        for (float v : wave) {
            sum += v;
        }
        double mean = sum / wave.length;
        double sq = 0;
        for (float v : wave) {
            double d = v - mean;
            sq += d * d;
        }
        double inv = 1.0 / Math.sqrt(sq / wave.length + LAYER_NORM_EPS);
        float[] out = new float[wave.length];
        for (int i = 0; i < wave.length; i++) {
            out[i] = (float) ((wave[i] - mean) * inv);
        }
        return out;
    }
}
