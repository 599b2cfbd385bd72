package io.emotrace.emotion.train;

/**
 * Hyper-parameters of one training run (recorded in metrics.json).
 *
 * @param blocks residual dilated blocks of the network
 * @param mixup probability that a batch is trained as a mixup of itself and a shuffled copy (0 = off)
 * @param freqWarp largest relative mel-axis stretch of the vocal-tract-length augmentation (0 = off)
 * @param clipNormShare share of training crops whose clip's own per-bin mean is removed instead of its speaker's
 *     (speaker-normalised training only), so the model also knows a voice heard in one clip alone
 * @param corpusAdversarial largest weight of the reversed gradient from a corpus classifier on the utterance
 *     features (0 = off; {@link CorpusAdversary}): features that do not tell the training corpora apart
 */
public record TrainConfig(int epochs, int batch, double cropSeconds, double lr, double weightDecay,
        double labelSmoothing, double frameLossWeight, double dropout, int channels, int embDim, long seed,
        int threads, int blocks, double mixup, double freqWarp, double clipNormShare, double corpusAdversarial) {
    public TrainConfig(int epochs, int batch, double cropSeconds, double lr, double weightDecay, double labelSmoothing,
            double frameLossWeight, double dropout, int channels, int embDim, long seed, int threads, int blocks,
            double mixup, double freqWarp, double clipNormShare) {
        this(epochs, batch, cropSeconds, lr, weightDecay, labelSmoothing, frameLossWeight, dropout, channels, embDim,
                seed, threads, blocks, mixup, freqWarp, clipNormShare, 0);
    }

    public TrainConfig withCorpusAdversarial(double weight) {
        return new TrainConfig(epochs, batch, cropSeconds, lr, weightDecay, labelSmoothing, frameLossWeight, dropout,
                channels, embDim, seed, threads, blocks, mixup, freqWarp, clipNormShare, weight);
    }

    public static TrainConfig defaults() {
        // the recipe of the shipped model (models/trained/emotion-embedded/TRAINING.md)
        return new TrainConfig(15, 32, 2.0, 3e-3, 1e-4, 0.1, 0.2, 0.2, 64, 128, 7, 2, 2, 0, 0.1, 0);
    }

    /**
     * The part of a checkpoint key that names this configuration: the record's text, without the fields added later
     * while they hold their neutral value, so checkpoints written before they existed still resume.
     */
    public String checkpointKey() {
        String s = toString();
        if (corpusAdversarial == 0) {
            s = s.replace(", corpusAdversarial=0.0", "");
        }
        return clipNormShare == 0 ? s.replace(", clipNormShare=0.0", "") : s;
    }

    public int cropFrames() {
        return (int) Math.round(cropSeconds * 100);
    }
}
