package io.emotrace.emotion.analysis;

import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.audio.WavFileSource;
import io.emotrace.audio.WavWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A decoded input as random-access 16 kHz audio. Short inputs stay in the heap; longer ones are streamed into a
 * temporary float WAV and memory-mapped, so an hour of audio never sits in the Java heap. Close to delete it.
 */
final class PreparedAudio implements AutoCloseable {
    private final AudioSource source;
    private final float[] samples;
    private final Path tempDir;

    private PreparedAudio(AudioSource source, float[] samples, Path tempDir) {
        this.source = source;
        this.samples = samples;
        this.tempDir = tempDir;
    }

    static PreparedAudio decode(AudioDecoder decoder, Path file, long inMemorySamples)
            throws UnsupportedAudioException, IOException {
        try (AudioStream in = decoder.open(file)) {
            float[] buf = new float[(int) Math.min(inMemorySamples, 1 << 16)];
            float[] head = new float[(int) Math.min(inMemorySamples, 1 << 18)];
            int n = 0;
            int r;
            while ((r = in.read(buf, 0, buf.length)) >= 0) {
                if (n + r > inMemorySamples) {
                    return spill(in, Arrays.copyOf(head, n), buf, r);
                }
                if (n + r > head.length) {
                    head = Arrays.copyOf(head, (int) Math.min(inMemorySamples, Math.max(2L * head.length, n + r)));
                }
                System.arraycopy(buf, 0, head, n, r);
                n += r;
            }
            float[] all = Arrays.copyOf(head, n);
            return new PreparedAudio(new ArrayAudioSource(all, AudioStream.SAMPLE_RATE), all, null);
        }
    }

    private static PreparedAudio spill(AudioStream in, float[] head, float[] buf, int pending)
            throws UnsupportedAudioException, IOException {
        Path dir = Files.createTempDirectory("emotrace-emotion");
        Path wav = dir.resolve("audio.wav");
        try {
            try (WavWriter w = WavWriter.create(wav, AudioStream.SAMPLE_RATE, WavWriter.Encoding.FLOAT32)) {
                w.write(head, 0, head.length);
                w.write(buf, 0, pending);
                for (int r; (r = in.read(buf, 0, buf.length)) >= 0; ) {
                    w.write(buf, 0, r);
                }
            }
            return new PreparedAudio(WavFileSource.open(wav), null, dir);
        } catch (UnsupportedAudioException | IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    AudioSource source() {
        return source;
    }

    /** The samples when held in the heap, else null. */
    float[] samples() {
        return samples;
    }

    double seconds() {
        return source.durationSeconds();
    }

    @Override
    public void close() {
        source.close();
        if (tempDir != null) {
            deleteQuietly(tempDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp file is not worth failing the analysis for; the OS cleans /tmp
        }
    }
}
