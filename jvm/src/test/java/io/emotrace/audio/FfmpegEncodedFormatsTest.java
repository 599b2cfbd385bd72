package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AAC (M4A), Vorbis and Opus (Ogg) and MP3 made from a real clip with FFmpeg's encoders, then decoded back. */
class FfmpegEncodedFormatsTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("m4a", TestAudioEncoder.AAC_M4A, "mov", "aac"),
                Arguments.of("ogg", TestAudioEncoder.VORBIS_OGG, "ogg", "vorbis"),
                Arguments.of("opus", TestAudioEncoder.OPUS_OGG, "ogg", "opus"),
                Arguments.of("mp3", TestAudioEncoder.MP3, "mp3", "mp3"));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("formats")
    void encodedClipDecodesBackToTheSameSpeech(String ext, TestAudioEncoder.Format format, String container,
            String codecPrefix) throws Exception {
        Assumptions.assumeTrue(TestAudioEncoder.available(format),
                "the bundled FFmpeg has no '" + format.encoder() + "' encoder");
        Path source = SharedTestData.require("data/ravdess/Actor_01/03-01-05-02-01-01-01.flac");
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        float[] original = decoder.decodeAll(source);
        Path encoded = tmp.resolve("clip." + ext);
        TestAudioEncoder.encode(original, format, encoded);

        float[] decoded;
        try (FfmpegAudioStream in = decoder.open(encoded)) {
            assertTrue(in.info().container().startsWith(container), in.info().container());
            assertTrue(in.info().codec().startsWith(codecPrefix), in.info().codec());
            assertEquals(format.channels(), in.info().channels());
            decoded = FfmpegAudioDecoderTest.readAll(in, 777);
        }
        double lengthError = (decoded.length - original.length) / 16_000.0;
        int lag = SignalCompare.bestLag(original, decoded, 1200);
        double corr = SignalCompare.correlation(original, decoded, lag);
        double snr = SignalCompare.snrDb(original, decoded, lag);
        System.out.printf("%s (%s): length error %+.4f s, lag %d, correlation %.5f, SNR %.1f dB%n", ext,
                format.encoder(), lengthError, lag, corr, snr);
        // Encoders pad to whole frames; containers with priming info (mp4 edit list, Ogg pre-skip, LAME tag)
        // let the decoder trim most of it.
        assertEquals(0, lengthError, 0.05, "length");
        assertTrue(corr > 0.995, "correlation " + corr);
        // Measured 25-35 dB at these bit rates; 20 dB still fails any gain, downmix or alignment error.
        assertTrue(snr > 20, "SNR " + snr);
    }
}
