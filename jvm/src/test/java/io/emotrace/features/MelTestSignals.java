package io.emotrace.features;

import io.emotrace.SharedTestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Real speech (16-bit PCM WAV from ../shared, read with javax.sound) and synthetic signals for the mel tests. */
final class MelTestSignals {
    private MelTestSignals() {
    }

    static float[] speech(String relative) throws IOException, UnsupportedAudioFileException {
        Path p = SharedTestData.require(relative);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(p.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleSizeInBits() != 16 || f.getChannels() != 1 || f.getSampleRate() != 16000f) {
                throw new IllegalStateException("expected 16 kHz mono 16-bit PCM, got " + f);
            }
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes())
                    .order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] x = new float[b.remaining() / 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = b.getShort() / 32768f;
            }
            return x;
        }
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
