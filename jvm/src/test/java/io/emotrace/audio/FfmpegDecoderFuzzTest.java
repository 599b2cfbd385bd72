package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted, truncated and fake inputs derived from real files: every one must end in a typed
 * {@link UnsupportedAudioException} or in finite samples in [-1, 1], within a few seconds, without killing the JVM.
 */
class FfmpegDecoderFuzzTest {
    private static final long SEED = 0x5EED_2026L;
    private static final Duration PER_CASE = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private record Case(String name, byte[] bytes, String ext) {
    }

    @Test
    void corruptedInputsFailCleanlyOrDecodeToValidSamples() throws Exception {
        Random rnd = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        Map<String, byte[]> seeds = new TreeMap<>();
        seeds.put("flac", Files.readAllBytes(SharedTestData.require("data/ravdess/Actor_01/03-01-01-01-01-01-01.flac")));
        seeds.put("flac48", Files.readAllBytes(
                SharedTestData.require("data/ravdess-48k-originals/03-01-02-01-01-01-01.flac")));
        // The first ~10 s of the interview: a valid MP3 stream by itself (frames are self-delimiting).
        byte[] mp3 = Files.readAllBytes(SharedTestData.require("data/librispeech/interview-3-speakers.mp3"));
        seeds.put("mp3", Arrays.copyOf(mp3, 200_000));
        byte[] floatWav = Files.readAllBytes(SharedTestData.require("data/ami-dev/dev00-float32.wav"));
        seeds.put("wav", Arrays.copyOf(floatWav, 44 + 4 * 16_000 * 3)); // header still claims 30 s: truncated too

        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            String ext = e.getKey().replaceAll("\\d+$", "");
            byte[] src = e.getValue();
            for (int i = 0; i < 14; i++) {
                cases.add(new Case(e.getKey() + "-header-flips-" + i, flip(src, rnd, 0, 128, 1 + rnd.nextInt(8)), ext));
            }
            for (int i = 0; i < 14; i++) {
                cases.add(new Case(e.getKey() + "-body-flips-" + i, flip(src, rnd, 128, src.length, 1 + rnd.nextInt(64)),
                        ext));
            }
            for (int i = 0; i < 12; i++) {
                int cut = i < 5 ? 1 + rnd.nextInt(100) : 100 + rnd.nextInt(src.length - 100);
                cases.add(new Case(e.getKey() + "-truncated-at-" + cut, Arrays.copyOf(src, cut), ext));
            }
            for (int i = 0; i < 4; i++) {
                byte[] b = src.clone();
                int from = rnd.nextInt(b.length / 2);
                byte[] junk = new byte[Math.min(b.length - from, 500 + rnd.nextInt(5000))];
                rnd.nextBytes(junk);
                System.arraycopy(junk, 0, b, from, junk.length);
                cases.add(new Case(e.getKey() + "-garbage-block-" + i, b, ext));
            }
            // Real header, the rest replaced by random bytes (a stream that turns into garbage).
            byte[] tail = src.clone();
            byte[] noise = new byte[tail.length - 4096];
            rnd.nextBytes(noise);
            System.arraycopy(noise, 0, tail, 4096, noise.length);
            cases.add(new Case(e.getKey() + "-garbage-after-4k", tail, ext));
        }
        cases.add(new Case("zero-length", new byte[0], "wav"));
        for (int i = 0; i < 6; i++) {
            byte[] b = new byte[1 + rnd.nextInt(1 << (4 + 2 * i))];
            rnd.nextBytes(b);
            cases.add(new Case("random-" + b.length, b, i % 2 == 0 ? "mp3" : "bin"));
        }
        cases.add(new Case("text", "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n".repeat(50)
                .getBytes(StandardCharsets.UTF_8), "wav"));
        cases.add(new Case("png-like", withMagic(rnd, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}), "png"));
        cases.add(new Case("jpeg-like", withMagic(rnd, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}),
                "mp3"));
        cases.add(new Case("id3-only", withMagic(rnd, "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0010"
                .getBytes(StandardCharsets.ISO_8859_1)), "mp3"));
        int[][] wavHeaders = {
            {16_000, 1, 16, 1, 0x7FFFFFFF}, {0, 1, 16, 1, 32_000}, {1, 1, 16, 1, 32_000},
            {Integer.MAX_VALUE, 1, 16, 1, 32_000}, {16_000, 0, 16, 1, 32_000}, {16_000, 65_535, 16, 1, 32_000},
            {16_000, 1, 0, 1, 32_000}, {16_000, 1, 7, 1, 32_000}, {16_000, 1, 64, 3, 32_000},
            {16_000, 1, 16, 0xFFFF, 32_000}, {-1, -1, -1, 0x55, -1}, {192_000, 255, 32, 3, 32_000},
        };
        for (int[] h : wavHeaders) {
            byte[] header = TestWav.header(h[0], h[1], h[2], h[3], h[4] & 0xFFFFFFFFL);
            byte[] body = Arrays.copyOfRange(floatWav, 44, 44 + 32_000);
            cases.add(new Case("wav-header-" + Arrays.toString(h), FfmpegAudioDecoderTest.concat(header, body), "wav"));
        }
        byte[] zeroAlign = TestWav.header(16_000, 2, 16, 1, 32_000);
        ByteBuffer.wrap(zeroAlign).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 0).putInt(28, 0);
        cases.add(new Case("wav-block-align-0", FfmpegAudioDecoderTest.concat(zeroAlign, new byte[32_000]), "wav"));

        Map<String, Integer> outcomes = new TreeMap<>();
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path file = tmp.resolve("case-" + i + "." + c.ext());
            Files.write(file, c.bytes());
            String outcome = assertTimeoutPreemptively(PER_CASE, () -> decodeOne(decoder, file), c.name());
            outcomes.merge(outcome, 1, Integer::sum);
            Files.delete(file);
        }
        System.out.println("fuzz: " + cases.size() + " cases, outcomes " + outcomes);
        assertTrue(cases.size() >= 200, "enough cases");
        // Not vacuous: damaged real files still give audio, and several distinct typed errors occur.
        assertTrue(outcomes.getOrDefault("decoded", 0) + outcomes.getOrDefault("decoded-truncated", 0) > 20);
        assertTrue(outcomes.keySet().stream().filter(k -> !k.startsWith("decoded")).count() >= 3, outcomes::toString);
    }

    /** Decodes fully; any exception other than {@link UnsupportedAudioException} propagates and fails the test. */
    private static String decodeOne(FfmpegAudioDecoder decoder, Path file) throws Exception {
        try (FfmpegAudioStream in = decoder.open(file)) {
            float[] samples = FfmpegAudioDecoderTest.readAll(in, 4096);
            assertTrue(samples.length > 0);
            return in.truncated() ? "decoded-truncated" : "decoded";
        } catch (UnsupportedAudioException e) {
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
            return e.reason().name();
        }
    }

    private static byte[] flip(byte[] src, Random rnd, int from, int to, int count) {
        byte[] b = src.clone();
        for (int i = 0; i < count; i++) {
            int at = from + rnd.nextInt(Math.max(1, Math.min(to, b.length) - from));
            b[at] ^= (byte) (1 + rnd.nextInt(255));
        }
        return b;
    }

    private static byte[] withMagic(Random rnd, byte[] magic) {
        byte[] b = new byte[4096];
        rnd.nextBytes(b);
        System.arraycopy(magic, 0, b, 0, magic.length);
        return b;
    }
}
