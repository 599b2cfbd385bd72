package io.emotrace.emotion.train;

/** Hyper-parameters of one training run (recorded in metrics.json). */
public record TrainConfig(int epochs, int batch, double cropSeconds, double lr, double weightDecay,
        double labelSmoothing, double frameLossWeight, double dropout, int channels, int embDim, long seed,
        int threads) {
    public static TrainConfig defaults() {
        return new TrainConfig(30, 32, 2.5, 2e-3, 1e-3, 0.1, 0.3, 0.3, 128, 128, 7, 2);
    }

    public int cropFrames() {
        return (int) Math.round(cropSeconds * 100);
    }
}
