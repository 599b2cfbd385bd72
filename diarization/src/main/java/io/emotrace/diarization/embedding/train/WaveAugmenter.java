package io.emotrace.diarization.embedding.train;

import io.emotrace.diarization.simulate.NoiseGenerator;
import io.emotrace.audio.TelephoneChannel;
import java.util.SplittableRandom;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Training-time waveform augmentation: speed (resampling, which also shifts pitch slightly), reverberation with a
 * synthetic exponentially decaying impulse response, additive white or pink noise at a random SNR, gain, and a
 * telephone channel (band 300 Hz to 3.4-4 kHz, then G.711 mu-law 8-bit companding as the codec) so that a voice
 * heard on a call and in a meeting room embeds the same.
 * Everything is drawn from the caller's seeded generator, so a step's batch is reproducible.
 */
final class WaveAugmenter {
    private static final int RATE = 16_000;

    /** Probabilities and ranges; speed is kept within a few percent so the voice stays the same speaker. */
    record Settings(double speedProb, double maxSpeedDelta, double reverbProb, double noiseProb, double minSnrDb,
            double maxSnrDb, double minGainDb, double maxGainDb, double phoneProb, double muLawProb, double tiltProb) {
        Settings(double speedProb, double maxSpeedDelta, double reverbProb, double noiseProb, double minSnrDb,
                double maxSnrDb, double minGainDb, double maxGainDb) {
            this(speedProb, maxSpeedDelta, reverbProb, noiseProb, minSnrDb, maxSnrDb, minGainDb, maxGainDb, 0, 0, 0);
        }

        /** The same with the vocal-effort tilt ({@link #tilt}) on this share of the augmented crops. */
        Settings withTilt(double prob) {
            return new Settings(speedProb, maxSpeedDelta, reverbProb, noiseProb, minSnrDb, maxSnrDb, minGainDb, maxGainDb,
                    phoneProb, muLawProb, prob);
        }

        /** The earlier recipe (wideband only). */
        static Settings defaults() {
            return new Settings(0.3, 0.05, 0.3, 0.5, 5, 20, -12, 6);
        }

        /** With the telephone channel on a third of the augmented crops (half of them also mu-law coded). */
        static Settings channels() {
            return new Settings(0.3, 0.05, 0.3, 0.5, 5, 20, -12, 6, 0.33, 0.5, 0);
        }
    }

    private final Settings s;

    WaveAugmenter(Settings s) {
        this.s = s;
    }

    /** Speed factor to read {@code needed} output samples: the caller cuts {@code ceil(needed * factor)} input samples. */
    double drawSpeed(SplittableRandom rng) {
        return rng.nextDouble() < s.speedProb() ? 1 + (rng.nextDouble() * 2 - 1) * s.maxSpeedDelta() : 1.0;
    }

    /** Applies speed (already drawn), reverb, noise and gain to a copy; returns exactly {@code outLength} samples. */
    float[] apply(float[] in, double speed, int outLength, SplittableRandom rng) {
        float[] x = speed == 1.0 ? pad(in, outLength) : resample(in, speed, outLength);
        if (rng.nextDouble() < s.reverbProb()) {
            x = reverb(x, 0.15 + rng.nextDouble() * 0.45, rng);
        }
        if (rng.nextDouble() < s.noiseProb()) {
            double snr = s.minSnrDb() + rng.nextDouble() * (s.maxSnrDb() - s.minSnrDb());
            float[] noise = rng.nextBoolean() ? NoiseGenerator.white(x.length, rng) : NoiseGenerator.pink(x.length, rng);
            addAtSnr(x, noise, snr);
        }
        if (s.tiltProb() > 0 && rng.nextDouble() < s.tiltProb()) { // drawn only when on: other recipes keep their draws
            tilt(x, MIN_TILT + rng.nextDouble() * (MAX_TILT - MIN_TILT));
        }
        double gainDb = s.minGainDb() + rng.nextDouble() * (s.maxGainDb() - s.minGainDb());
        float g = (float) Math.pow(10, gainDb / 20);
        for (int i = 0; i < x.length; i++) {
            x[i] *= g;
        }
        if (rng.nextDouble() < s.phoneProb()) {
            x = TelephoneChannel.bandPass(x, 200 + rng.nextDouble() * 150, 3400 + rng.nextDouble() * 600);
            if (rng.nextDouble() < s.muLawProb()) {
                TelephoneChannel.muLaw(x);
            }
        }
        return x;
    }

    /** Range of the tilt filter's coefficient: about -9.5 dB (soft, dark) to +15 dB (loud, bright) Nyquist re DC. */
    static final double MIN_TILT = -0.5;
    static final double MAX_TILT = 0.7;

    /**
     * Vocal effort, heard as spectral tilt: one voice spoken softly, angrily or shouted keeps its vocal tract but
     * tilts its spectrum (louder speech is brighter). A first-order filter {@code y[n] = x[n] - a x[n-1]} (a &gt; 0
     * lifts the highs, a &lt; 0 the lows), RMS kept, so the crop's label says the tilt is not the voice.
     */
    static void tilt(float[] x, double a) {
        double before = 0;
        double after = 0;
        float prev = 0;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            before += (double) v * v;
            x[i] = (float) (v - a * prev);
            after += (double) x[i] * x[i];
            prev = v;
        }
        if (after > 0) {
            float g = (float) Math.sqrt(before / after);
            for (int i = 0; i < x.length; i++) {
                x[i] *= g;
            }
        }
    }

    private static float[] pad(float[] in, int n) {
        float[] out = new float[n];
        System.arraycopy(in, 0, out, 0, Math.min(n, in.length));
        return out;
    }

    /** Linear-interpolation resampling: output sample i reads input position i * speed. */
    static float[] resample(float[] in, double speed, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double p = i * speed;
            int k = (int) p;
            if (k + 1 >= in.length) {
                out[i] = k < in.length ? in[k] : 0f;
                continue;
            }
            double f = p - k;
            out[i] = (float) (in[k] * (1 - f) + in[k + 1] * f);
        }
        return out;
    }

    /**
     * Convolution with a synthetic room response: a unit direct path followed by Gaussian noise under an
     * exponential envelope reaching -60 dB at {@code rt60} seconds; output keeps the input's RMS and length.
     */
    static float[] reverb(float[] x, double rt60, SplittableRandom rng) {
        int irLen = (int) (Math.min(rt60, 0.5) * RATE) + RATE / 10;
        float[] ir = new float[irLen];
        double decay = Math.log(1000) / (rt60 * RATE); // amplitude -60 dB at rt60
        int early = RATE / 400; // reflections start ~2.5 ms after the direct path
        ir[0] = 1f;
        for (int i = early; i < irLen; i++) {
            ir[i] = (float) (gaussian(rng) * 0.3 * Math.exp(-decay * i));
        }
        int n = 1;
        while (n < x.length + irLen) {
            n <<= 1;
        }
        float[] a = new float[n];
        float[] b = new float[n];
        System.arraycopy(x, 0, a, 0, x.length);
        System.arraycopy(ir, 0, b, 0, irLen);
        FloatFFT_1D fft = new FloatFFT_1D(n);
        fft.realForward(a);
        fft.realForward(b);
        // packed real spectrum: [re0, reN/2, re1, im1, re2, im2, ...]
        a[0] *= b[0];
        a[1] *= b[1];
        for (int k = 1; k < n / 2; k++) {
            float re = a[2 * k] * b[2 * k] - a[2 * k + 1] * b[2 * k + 1];
            float im = a[2 * k] * b[2 * k + 1] + a[2 * k + 1] * b[2 * k];
            a[2 * k] = re;
            a[2 * k + 1] = im;
        }
        fft.realInverse(a, true);
        float[] out = new float[x.length];
        System.arraycopy(a, 0, out, 0, x.length);
        double before = rms(x);
        double after = rms(out);
        if (after > 0) {
            float k = (float) (before / after);
            for (int i = 0; i < out.length; i++) {
                out[i] *= k;
            }
        }
        return out;
    }

    /** x += noise scaled so that rms(x) / rms(noise) is {@code snrDb}; noise has unit RMS. */
    static void addAtSnr(float[] x, float[] noise, double snrDb) {
        double level = rms(x) / Math.pow(10, snrDb / 20);
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (noise[i] * level);
        }
    }

    static double rms(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        return Math.sqrt(e / Math.max(1, x.length));
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
