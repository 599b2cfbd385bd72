package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.pipeline.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one decode-to-WAV path: PCM16 at 16 kHz, temporary files removed, typed errors. */
class DecodedAudioTest {
    @TempDir
    Path dir;

    private static float[] sine(int n) {
        return TestWav.sine(n, 16_000, 220, 0.4, 0.1);
    }

    /** What a PCM16 WAV of {@code x} reads back as: every decoder divides by 32768. */
    private static float[] pcm16(float[] x) {
        float[] q = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            q[i] = Math.round(x[i] * 32768f) / 32768f;
        }
        return q;
    }

    @Test
    void aFloatWavBecomesATemporaryPcm16WavThatIsDeletedOnClose() throws Exception {
        float[] x = sine(3 * 16_000 + 123);
        Path in = dir.resolve("float.wav");
        try (WavWriter w = WavWriter.create(in, 16_000, WavWriter.Encoding.FLOAT32)) {
            w.write(x);
        }
        Path temp;
        try (DecodedAudio a = DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(), in, ProgressListener.NONE)) {
            temp = a.file();
            assertTrue(Files.exists(temp));
            assertEquals(DecodedAudio.FILE_NAME, temp.getFileName().toString());
            assertFalse(a.source().isFloat(), "processed audio is PCM16, whatever the input");
            assertEquals(16_000, a.source().sampleRate());
            assertEquals(x.length, a.source().length());
            assertEquals(x.length / 16_000.0, a.durationSeconds(), 1e-9);
            assertArrayEquals(pcm16(x), a.source().read(0, x.length), 0f);
            assertEquals("wav", a.info().container());
        }
        assertTrue(Files.notExists(temp), "temporary WAV removed on close");
        assertTrue(Files.notExists(temp.getParent()), "and its folder");
    }

    @Test
    void decodingTheProcessedWavAgainGivesTheSameSamples() throws Exception {
        // analyze's processed_audio.wav fed to diarize/emotion/transcribe must reach their models unchanged
        float[] x = sine(16_000);
        Path in = dir.resolve("in.wav");
        try (WavWriter w = WavWriter.create(in, 16_000, WavWriter.Encoding.FLOAT32)) {
            w.write(x);
        }
        Path kept = dir.resolve("run").resolve(DecodedAudio.FILE_NAME);
        Files.createDirectories(kept.getParent());
        float[] first;
        try (DecodedAudio a = DecodedAudio.decode(new FfmpegAudioDecoder(), in, kept, ProgressListener.NONE)) {
            first = a.source().read(0, (int) a.source().length());
        }
        assertTrue(Files.exists(kept), "a caller-owned WAV stays after close");
        try (DecodedAudio b = DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(), kept, ProgressListener.NONE)) {
            assertArrayEquals(first, b.source().read(0, (int) b.source().length()), 0f);
        }
    }

    @Test
    void progressIsReportedUnderTheDecodeStageAndEnds() throws Exception {
        Path in = dir.resolve("two-s.wav");
        TestWav.writePcm16(in, 44_100, new float[][] {TestWav.sine(2 * 44_100, 44_100, 300, 0.3, 0)});
        List<ProgressEvent> events = new ArrayList<>();
        try (DecodedAudio a = DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(), in, events::add)) {
            assertEquals(44_100, a.info().sampleRate());
            assertEquals(2 * 16_000, a.source().length(), 2);
        }
        assertTrue(events.size() >= 3, events.toString());
        assertTrue(events.stream().allMatch(e -> e.stage().equals(AnalysisPipeline.DECODE)), events.toString());
        assertEquals(0.0, events.get(0).fraction());
        assertEquals(1.0, events.get(events.size() - 1).fraction());
    }

    @Test
    void aWavCutShortDecodesWhatIsThereAndSaysWhatIsMissing() throws Exception {
        Path whole = dir.resolve("whole.wav");
        TestWav.writePcm16(whole, 16_000, new float[][] {sine(5 * 16_000)});
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 2 * 16_000 * 2)); // the last 2 s lost
        try (DecodedAudio a = DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(), cut, ProgressListener.NONE)) {
            assertEquals(3.0, a.durationSeconds(), 0.01);
            assertEquals(1, a.warnings().size(), a.warnings().toString());
            assertTrue(a.warnings().get(0).startsWith("the WAV header declares 5.00 s of audio, the file holds 3.00 s"),
                    a.warnings().get(0));
        }
        try (DecodedAudio a = DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(), whole, ProgressListener.NONE)) {
            assertEquals(List.of(), a.warnings(), "a whole file says nothing");
        }
    }

    @Test
    void noSamplesIsTypedEmptyAndLeavesNoFile() throws Exception {
        Path in = dir.resolve("empty.raw");
        Files.write(in, new byte[] {1});
        AudioDecoder nothing = f -> new AudioStream() {
            @Override
            public AudioInfo info() {
                return new AudioInfo("test", "none", 16_000, 1, 0);
            }

            @Override
            public int read(float[] dst, int off, int len) {
                return -1;
            }

            @Override
            public long position() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        Path target = dir.resolve("out.wav");
        UnsupportedAudioException e = assertThrows(UnsupportedAudioException.class,
                () -> DecodedAudio.decode(nothing, in, target, ProgressListener.NONE));
        assertEquals(UnsupportedAudioException.Reason.EMPTY, e.reason());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(in), files.toList(), "neither the target nor its temporary sibling is left");
        }
    }

    @Test
    void decoderErrorsAndBadInputsAreTyped() throws Exception {
        EmotraceException missing = assertThrows(EmotraceException.class, () -> DecodedAudio.decodeTemporary(
                new FfmpegAudioDecoder(), dir.resolve("nope.wav"), ProgressListener.NONE));
        assertEquals("input.not_found", missing.code());
        EmotraceException folder = assertThrows(EmotraceException.class, () -> DecodedAudio.decodeTemporary(
                new FfmpegAudioDecoder(), dir, ProgressListener.NONE));
        assertEquals("input.not_a_file", folder.code());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not audio at all, just some words ".repeat(50));
        assertThrows(UnsupportedAudioException.class, () -> DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(),
                text, ProgressListener.NONE));
        // the duration limit of DecoderLimits comes through as TOO_LONG
        Path in = dir.resolve("three-s.wav");
        TestWav.writePcm16(in, 16_000, new float[][] {sine(3 * 16_000)});
        UnsupportedAudioException tooLong = assertThrows(UnsupportedAudioException.class,
                () -> DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(new DecoderLimits(1.0, 0)), in,
                        ProgressListener.NONE));
        assertEquals(UnsupportedAudioException.Reason.TOO_LONG, tooLong.reason());
    }
}
