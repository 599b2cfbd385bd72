package io.emotrace.emotion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.MelConfig;
import io.emotrace.features.PitchTrack;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training feature cache: the fbank and the pitch track of a file from one decode, then from disk. */
class FeatureCacheTest {
    @TempDir
    Path dir;

    /** A decoder that counts the files it opens. */
    private static final class Counting implements AudioDecoder {
        final AtomicInteger opened = new AtomicInteger();
        final FfmpegAudioDecoder inner = new FfmpegAudioDecoder();

        @Override
        public AudioStream open(Path file) throws UnsupportedAudioException {
            opened.incrementAndGet();
            return inner.open(file);
        }
    }

    @Test
    void fbankAndPitchComeFromOneDecodeThenFromTheCache() throws Exception {
        float[] x = new float[16_000 * 2];
        for (int i = 0; i < x.length; i++) { // a voice-like tone whose pitch glides from 140 to 180 Hz
            double f0 = 140 + 40.0 * i / x.length;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f0 * i / 16_000.0) + 0.1 * Math.sin(4 * Math.PI * f0 * i / 16_000.0));
        }
        Path wav = dir.resolve("clip.wav");
        try (io.emotrace.audio.WavWriter w = io.emotrace.audio.WavWriter.pcm16(wav)) {
            w.write(x);
        }
        Counting decoder = new Counting();
        try (FeatureExtractor fe = FeatureExtractors.cpu(MelConfig.kaldiFbank80(), 1)) {
            FeatureCache cache = new FeatureCache(dir.resolve("cache"), decoder, fe);
            float[][] both = cache.featuresAndProsody(wav, PitchTrack.LATEST);
            assertEquals(1, decoder.opened.get(), "a miss of both decodes the file once");
            float[] decoded = new FfmpegAudioDecoder().decodeAll(wav);
            assertArrayEquals(fe.compute(decoded), both[0], 1e-5f);
            assertArrayEquals(PitchTrack.compute(decoded, PitchTrack.LATEST), both[1], 1e-6f);
            float[][] again = cache.featuresAndProsody(wav, PitchTrack.LATEST);
            assertEquals(1, decoder.opened.get(), "the second read comes from the cache");
            assertArrayEquals(both[0], again[0]);
            assertArrayEquals(both[1], again[1]);
            assertArrayEquals(both[0], cache.features(wav)); // one entry for the fbank, whichever method wrote it
            assertEquals(1, decoder.opened.get());
        }
    }
}
