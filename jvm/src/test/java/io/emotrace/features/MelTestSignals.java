package io.emotrace.features;

import io.emotrace.SharedTestData;
import io.emotrace.bench.RealSpeech;
import java.io.IOException;
import java.util.Random;

/** Real speech (WAV from ../shared, via the shared decoder) and synthetic signals for the mel tests. */
final class MelTestSignals {
    private MelTestSignals() {
    }

    static float[] speech(String relative) throws IOException {
        return RealSpeech.readWav(SharedTestData.require(relative));
    }

    /** Two tones plus white noise and a silent gap (exercises the floor) */
    static float[] tonesAndNoise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16000.0;
            boolean gap = i > n / 2 && i < n / 2 + 2000;
            x[i] = gap ? 0f : (float) (0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.1 * Math.sin(2 * Math.PI * 3150.5 * t)
                    + 0.02 * r.nextGaussian());
        }
        return x;
    }
}
