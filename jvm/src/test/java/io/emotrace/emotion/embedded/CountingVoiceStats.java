package io.emotrace.emotion.embedded;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deterministic statistics of a clip (log energies of {@code dim} stretches) that count their calls: a stand-in for the
 * speaker network (the jvm module has none) that the shipped heads accept (same identity and size). Public for the
 * tests of other modules (the live path in web): {@link #shippedModel()} loads the shipped emotion model on it.
 */
public final class CountingVoiceStats implements VoiceStats {
    /** Calls of {@link #stats} so far. */
    public final AtomicInteger calls = new AtomicInteger();
    private final String identity;
    private final int dim;

    public CountingVoiceStats(String identity, int dim) {
        this.identity = identity;
        this.dim = dim;
    }

    /** Statistics the shipped voice head accepts (its encoder's identity and size). */
    public static CountingVoiceStats forShippedHead() throws Exception {
        ModelCard card = EmbeddedWeights.readCard(EmbeddedWeights.resource(EmbeddedWeights.CARD));
        VoiceHead.Weights w = VoiceHead.read(EmbeddedWeights.resource(card.voiceHead()), "shipped").weights();
        return new CountingVoiceStats(w.encoder(), w.dim());
    }

    /** The shipped emotion model with these statistics for its voice head (the caller closes it). */
    public EmbeddedEmotionModel shippedModel() throws Exception {
        return EmbeddedEmotionModel.loadDefault(() -> this);
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String describe() {
        return "counting test statistics";
    }

    @Override
    public float[] stats(float[] clip) {
        calls.incrementAndGet();
        float[] out = new float[dim];
        for (int j = 0; j < dim; j++) {
            int a = (int) ((long) clip.length * j / dim);
            int b = Math.max(a + 1, (int) ((long) clip.length * (j + 1) / dim));
            double e = 1e-8;
            for (int k = a; k < Math.min(b, clip.length); k++) {
                e += (double) clip[k] * clip[k];
            }
            out[j] = (float) Math.log(e / (b - a));
        }
        return out;
    }

    @Override
    public void close() {
    }
}
