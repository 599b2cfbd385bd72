package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.UnsupportedAudioException.Reason;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegAudioDecoderTest {
    private static final String RAVDESS_FILE = "03-01-01-01-01-01-01.flac";
    private final FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();

    @TempDir
    Path tmp;

    @Test
    void flac16kMatchesTheSampleCountInItsStreamInfo() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/" + RAVDESS_FILE);
        byte[] head = Files.readAllBytes(flac);
        // STREAMINFO (read here independently of FFmpeg): 20-bit rate, 3-bit channels-1, 5-bit bps-1, 36-bit total.
        long bits = ByteBuffer.wrap(head, 18, 8).getLong();
        int rate = (int) (bits >>> 44);
        long total = bits & 0xFFFFFFFFFL;
        assertEquals(16_000, rate);
        try (FfmpegAudioStream in = decoder.open(flac)) {
            assertEquals("flac", in.info().container());
            assertEquals(16_000, in.info().sampleRate());
            assertEquals(1, in.info().channels());
            assertEquals(total / 16_000.0, in.info().durationSeconds(), 1e-3);
            float[] all = readAll(in, 1000);
            assertEquals(total, all.length, "16 kHz in, 16 kHz out: every sample, no tail lost");
            assertFalse(in.truncated(), () -> String.valueOf(in.warnings()));
            assertTrue(SignalCompare.rms(all) > 1e-3, "speech, not silence");
        }
    }

    @Test
    void resampled48kOriginalMatchesTheCorpus16kVersion() throws Exception {
        String[] files = {RAVDESS_FILE, "03-01-05-02-01-01-01.flac", "03-01-08-01-02-02-01.flac"};
        for (String f : files) {
            Path original = SharedTestData.require("data/ravdess-48k-originals/" + f);
            Path reference = SharedTestData.require("data/ravdess/Actor_01/" + f);
            float[] ours;
            try (FfmpegAudioStream in = decoder.open(original)) {
                assertEquals(48_000, in.info().sampleRate());
                ours = readAll(in, 4096);
            }
            float[] ref = decoder.decodeAll(reference);
            // A few corpus files lost a few samples when they were made: compare over the common length.
            assertTrue(Math.abs(ours.length - ref.length) <= 16, f + ": " + ours.length + " vs " + ref.length);
            int lag = SignalCompare.bestLag(ref, ours, 16);
            double corr = SignalCompare.correlation(ref, ours, lag);
            double snr = SignalCompare.snrDb(ref, ours, lag);
            System.out.printf("resample %s: lag %d, correlation %.5f, SNR %.1f dB%n", f, lag, corr, snr);
            assertTrue(Math.abs(lag) <= 2, f + ": both resamplers are linear-phase, lag " + lag);
            assertTrue(corr > 0.999, f + ": correlation " + corr);
            assertTrue(snr > 35, f + ": SNR " + snr + " dB");
        }
    }

    @Test
    void stereo48kToneBecomesA16kMonoToneAtTheMeanLevel() throws Exception {
        int rate = 48_000;
        int n = rate * 2;
        // L and R in phase with different levels: a proper downmix gives their mean, 0.5 * (0.6 + 0.2) = 0.4.
        float[] left = TestWav.sine(n, rate, 1000, 0.6, 0);
        float[] right = TestWav.sine(n, rate, 1000, 0.2, 0);
        Path wav = tmp.resolve("tone-48k-stereo.wav");
        TestWav.writePcm16(wav, rate, new float[][] {left, right});
        float[] out;
        try (FfmpegAudioStream in = decoder.open(wav)) {
            assertEquals(2, in.info().channels());
            assertEquals("pcm_s16le", in.info().codec());
            out = readAll(in, 333);
        }
        assertEquals(32_000, out.length, 2);
        // Steady-state part, away from the resampler's start/end transients.
        float[] mid = java.util.Arrays.copyOfRange(out, 1600, out.length - 1600);
        int crossings = 0;
        for (int i = 1; i < mid.length; i++) {
            if ((mid[i - 1] < 0) != (mid[i] < 0)) {
                crossings++;
            }
        }
        double freq = crossings / 2.0 / (mid.length / 16_000.0);
        assertEquals(1000, freq, 2, "frequency from zero crossings");
        double amplitude = SignalCompare.rms(mid) * Math.sqrt(2);
        assertEquals(0.4, amplitude, 0.004, "downmix amplitude");
        float[] expected = TestWav.sine(mid.length, 16_000, 1000, 0.4, 2 * Math.PI * 1000 * 1600 / 16_000.0);
        assertTrue(SignalCompare.snrDb(expected, mid, 0) > 40, "clean tone, phase preserved");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} channels")
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 6, 8, 20})
    void multichannelDownmixKeepsTheLevelOfACommonTone(int channels) throws Exception {
        // The same tone on every channel: a normalised downmix returns it at its own level (LFE, where the
        // default layout has one, is weighted 0 and the rest renormalised; 20 channels have no standard layout
        // and take the plain mean).
        int rate = 44_100;
        float[][] data = new float[channels][];
        for (int c = 0; c < channels; c++) {
            data[c] = TestWav.sine(rate, rate, 1000, 0.3, 0);
        }
        Path wav = tmp.resolve("tone-" + channels + "ch.wav");
        TestWav.writePcm16(wav, rate, data);
        float[] out;
        try (FfmpegAudioStream in = decoder.open(wav)) {
            assertEquals(channels, in.info().channels());
            out = readAll(in, 1000);
        }
        assertEquals(16_000, out.length, 2);
        float[] mid = java.util.Arrays.copyOfRange(out, 1600, out.length - 1600);
        assertEquals(0.3, SignalCompare.rms(mid) * Math.sqrt(2), 0.005, "downmix level");
    }

    @Test
    void mp3InterviewDecodesToItsFullLength() throws Exception {
        Path mp3 = SharedTestData.require("data/librispeech/interview-3-speakers.mp3");
        try (FfmpegAudioStream in = decoder.open(mp3)) {
            assertEquals("mp3", in.info().container());
            float[] all = readAll(in, 16_000);
            double seconds = all.length / 16_000.0;
            assertEquals(in.info().durationSeconds(), seconds, 0.1);
            assertEquals(128.5, seconds, 0.5, "the README says ~128 s");
            assertTrue(SignalCompare.rms(all) > 0.01, "non-silent");
            assertFalse(in.truncated(), () -> String.valueOf(in.warnings()));
        }
    }

    @Test
    void float32WavEqualsTheFlacOfTheSameExcerpt() throws Exception {
        Path wav = SharedTestData.require("data/ami-dev/dev00-float32.wav");
        Path flac = SharedTestData.require("data/ami-dev/dev00.flac");
        float[] a;
        try (FfmpegAudioStream in = decoder.open(wav)) {
            assertEquals("pcm_f32le", in.info().codec());
            a = readAll(in, 5000);
        }
        float[] b = decoder.decodeAll(flac);
        assertEquals(b.length, a.length);
        assertEquals(30.0, a.length / 16_000.0, 1e-3);
        double diff = SignalCompare.maxAbsDiff(a, b);
        assertTrue(diff <= 1.0 / 32768, "within one 16-bit step, got " + diff);
    }

    @Test
    void typedErrorsForInputThatIsNotAudio() throws Exception {
        assertReason(Reason.UNREADABLE, tmp.resolve("missing.wav"));
        assertReason(Reason.UNREADABLE, tmp);
        Path empty = Files.createFile(tmp.resolve("empty.mp3"));
        assertReason(Reason.EMPTY, empty);
        Path text = Files.writeString(tmp.resolve("notes.wav"), "Minutes of the meeting, 3 May.\n".repeat(40));
        assertReason(Reason.NOT_AUDIO, text);
        Path png = tmp.resolve("picture.png");
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", png.toFile());
        assertReason(Reason.NO_AUDIO_STREAM, png);
        // A valid WAV header with no data: nothing to decode.
        Path noData = tmp.resolve("no-data.wav");
        Files.write(noData, TestWav.header(16_000, 1, 16, 1, 0));
        UnsupportedAudioException e = assertThrows(UnsupportedAudioException.class, () -> decoder.open(noData));
        assertTrue(e.reason() == Reason.EMPTY || e.reason() == Reason.TRUNCATED, e.getMessage());
        assertTrue(e.getMessage().contains("no-data.wav"), e.getMessage());
    }

    @Test
    void headerClaimingAbsurdDurationIsTooLong() throws Exception {
        // FLAC's STREAMINFO total-sample count is what FFmpeg reports as the duration (a WAV data size it clamps
        // to the file size itself). Patch a real 3 s file to claim 20 hours.
        Path flac = SharedTestData.require("data/ravdess/Actor_01/" + RAVDESS_FILE);
        byte[] bytes = Files.readAllBytes(flac);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long bits = b.getLong(18);
        long claimed = 16_000L * 3600 * 20;
        b.putLong(18, (bits & ~0xFFFFFFFFFL) | claimed);
        Path liar = tmp.resolve("liar.flac");
        Files.write(liar, bytes);
        UnsupportedAudioException e = assertReason(Reason.TOO_LONG, liar);
        assertEquals("audio.too_long", e.code());
        // A WAV header claiming ~68 hours over one second of data: FFmpeg trusts the file size, we get 1 s.
        Path wav = tmp.resolve("liar.wav");
        Files.write(wav, concat(TestWav.header(8_000, 1, 16, 1, 0xF0000000L), new byte[16_000]));
        try (FfmpegAudioStream in = decoder.open(wav)) {
            assertEquals(16_000, readAll(in, 4096).length);
        }
    }

    @Test
    void durationAndSizeLimitsAreConfigurable() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/" + RAVDESS_FILE);
        FfmpegAudioDecoder strict = new FfmpegAudioDecoder(new DecoderLimits(1.0, 0));
        UnsupportedAudioException e = assertThrows(UnsupportedAudioException.class, () -> strict.open(flac));
        assertEquals(Reason.TOO_LONG, e.reason());
        FfmpegAudioDecoder small = new FfmpegAudioDecoder(new DecoderLimits(3600, 1000));
        e = assertThrows(UnsupportedAudioException.class, () -> small.open(flac));
        assertEquals(Reason.TOO_LONG, e.reason());
    }

    @Test
    void lyingHeaderIsCaughtWhileStreaming() throws Exception {
        // A 3.3 s FLAC whose STREAMINFO claims 1 s passes the open-time check of a 2 s limit; the limit must
        // then hold on what is actually decoded.
        Path flac = SharedTestData.require("data/ravdess/Actor_01/" + RAVDESS_FILE);
        byte[] bytes = Files.readAllBytes(flac);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.putLong(18, (b.getLong(18) & ~0xFFFFFFFFFL) | 16_000L);
        Path liar = tmp.resolve("understated.flac");
        Files.write(liar, bytes);
        FfmpegAudioDecoder strict = new FfmpegAudioDecoder(new DecoderLimits(2.0, 0));
        try (FfmpegAudioStream in = strict.open(liar)) {
            assertEquals(1.0, in.info().durationSeconds(), 1e-6, "the header's claim");
            UnsupportedAudioException e = assertThrows(UnsupportedAudioException.class, () -> readAll(in, 1024));
            assertEquals(Reason.TOO_LONG, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("understated"), e.getMessage());
            assertTrue(in.position() <= 32_000, "stopped at the limit: " + in.position());
        }
    }

    @Test
    void truncatedFileDeliversWhatWasDecodedAndSaysSo() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/" + RAVDESS_FILE);
        byte[] bytes = Files.readAllBytes(flac);
        Path cut = tmp.resolve("cut.flac");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (FfmpegAudioStream in = decoder.open(cut)) {
            float[] all = readAll(in, 4096);
            double full = in.info().durationSeconds();
            assertTrue(all.length > 0.3 * full * 16_000 && all.length < 0.7 * full * 16_000, "got " + all.length);
            assertTrue(in.truncated(), "marked truncated");
            assertFalse(in.warnings().isEmpty());
        }
        // Audio that turns into garbage half-way: the first half still comes out, marked truncated.
        byte[] garbage = bytes.clone();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = bytes.length / 2; i < bytes.length; i++) {
            garbage[i] = (byte) rnd.nextInt();
        }
        Path bad = tmp.resolve("garbage-tail.flac");
        Files.write(bad, garbage);
        try (FfmpegAudioStream in = decoder.open(bad)) {
            float[] all = readAll(in, 4096);
            assertTrue(all.length > 0.3 * in.info().durationSeconds() * 16_000, "got " + all.length);
            assertTrue(in.truncated(), "marked truncated");
            System.out.println("garbage tail: " + all.length + " samples, warnings " + in.warnings());
        }
    }

    @Test
    void closeIsIdempotentAndReadAfterCloseFailsClearly() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/" + RAVDESS_FILE);
        FfmpegAudioStream in = decoder.open(flac);
        float[] buf = new float[100];
        assertEquals(100, in.read(buf, 0, 100));
        assertEquals(100, in.position());
        in.close();
        in.close();
        assertThrows(IllegalStateException.class, () -> in.read(buf, 0, 10));
    }

    @Test
    void registeredAsAServiceProvider() {
        assertTrue(ServiceLoader.load(AudioDecoder.class).stream()
                .anyMatch(p -> p.type() == FfmpegAudioDecoder.class));
    }

    static UnsupportedAudioException assertReason(Reason reason, Path file) {
        UnsupportedAudioException e = assertThrows(UnsupportedAudioException.class, () -> {
            try (AudioStream in = new FfmpegAudioDecoder().open(file)) {
                readAll(in, 4096);
            }
        }, file.toString());
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(file.getFileName())), e.getMessage());
        return e;
    }

    /** Reads the whole stream in chunks of {@code chunk}, checking every sample is finite and in range. */
    static float[] readAll(AudioStream in, int chunk) throws UnsupportedAudioException {
        float[] buf = new float[chunk];
        float[] out = new float[1 << 16];
        int n = 0;
        for (int r; (r = in.read(buf, 0, chunk)) >= 0; ) {
            assertTrue(r > 0 || chunk == 0, "read returns samples or -1, never 0 for a non-empty request");
            if (n + r > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(2 * out.length, n + r));
            }
            for (int i = 0; i < r; i++) {
                float v = buf[i];
                if (!(v >= -1f && v <= 1f)) {
                    throw new AssertionError("sample " + (n + i) + " out of range: " + v);
                }
            }
            System.arraycopy(buf, 0, out, n, r);
            n += r;
        }
        assertEquals(n, in.position());
        return java.util.Arrays.copyOf(out, n);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

}
