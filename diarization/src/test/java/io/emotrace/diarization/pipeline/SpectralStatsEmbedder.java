package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.MelConfig;
import java.util.List;

/**
 * Test double for the speaker-embedding model: the clip's long-term average log-mel spectrum with its level
 * removed. It separates clearly different voices (a man and a woman, or two test tones) and nothing finer; it
 * exists so the pipeline can be tested before and independently of the trained model.
 */
final class SpectralStatsEmbedder implements SpeakerEmbedder {
    private final FeatureExtractor fbank = FeatureExtractors.cpu(MelConfig.kaldiFbank80(), 1);
    int calls;
    int clips;

    @Override
    public String name() {
        return "test-spectral-stats";
    }

    @Override
    public int dim() {
        return 80;
    }

    @Override
    public double minSeconds() {
        return 0.1;
    }

    @Override
    public synchronized float[][] embed(List<float[]> input) {
        calls++;
        clips += input.size();
        float[][] out = new float[input.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] x = input.get(i);
            if (x.length < 400) { // shorter than one fbank frame: repeat, as the contract says
                float[] y = new float[400];
                for (int j = 0; j < y.length; j++) {
                    y[j] = x.length == 0 ? 0 : x[j % x.length];
                }
                x = y;
            }
            float[] f = fbank.compute(x);
            int frames = f.length / 80;
            double[] mean = new double[80];
            for (int t = 0; t < frames; t++) {
                for (int b = 0; b < 80; b++) {
                    mean[b] += f[t * 80 + b] / frames;
                }
            }
            double level = 0;
            for (double m : mean) {
                level += m / 80;
            }
            float[] e = new float[80];
            double n = 0;
            for (int b = 0; b < 80; b++) {
                e[b] = (float) (mean[b] - level);
                n += e[b] * e[b];
            }
            for (int b = 0; b < 80; b++) {
                e[b] /= (float) Math.max(1e-9, Math.sqrt(n));
            }
            out[i] = e;
        }
        return out;
    }

    @Override
    public String describe() {
        return "test double: long-term average log-mel spectrum";
    }

    @Override
    public void close() {
        fbank.close();
    }
}
