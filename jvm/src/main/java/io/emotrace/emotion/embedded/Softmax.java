package io.emotrace.emotion.embedded;

/** The masked, temperature-scaled softmax the runtime answers with and calibration measures. */
public final class Softmax {
    private Softmax() {
    }

    /** Softmax of {@code logits / temperature} plus an additive mask (0 = allowed, large negative = not). */
    public static double[] of(float[] logits, float[] mask, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        double[] z = new double[logits.length];
        for (int c = 0; c < logits.length; c++) {
            z[c] = logits[c] / temperature + mask[c];
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }
}
