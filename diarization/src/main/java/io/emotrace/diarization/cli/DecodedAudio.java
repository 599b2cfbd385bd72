package io.emotrace.diarization.cli;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.audio.WavFileSource;
import io.emotrace.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any audio file as a memory-mapped 16 kHz mono source: a 16 kHz mono WAV is mapped in place, anything else is
 * decoded chunk by chunk into a temporary PCM16 WAV (deleted on close), so hours of audio never sit in the heap.
 */
public final class DecodedAudio implements AutoCloseable {
    private final AudioSource source;
    private final Path temp;

    private DecodedAudio(AudioSource source, Path temp) {
        this.source = source;
        this.temp = temp;
    }

    public static DecodedAudio open(Path file) throws EmotraceException {
        return open(file, new FfmpegAudioDecoder());
    }

    public static DecodedAudio open(Path file, AudioDecoder decoder) throws EmotraceException {
        if (!Files.isRegularFile(file)) {
            throw new EmotraceException("input.not_found", file + ": no such file");
        }
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
            try {
                WavFileSource w = WavFileSource.open(file);
                if (w.sampleRate() == AudioStream.SAMPLE_RATE) {
                    return new DecodedAudio(w, null);
                }
            } catch (UnsupportedAudioException e) {
                // not a plain mono WAV: the general decoder below handles (or rejects) it
            }
        }
        Path tmp;
        try {
            tmp = Files.createTempFile("emotrace-diarize-", ".wav");
        } catch (IOException e) {
            throw new EmotraceException("output.write_failed", "cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            WavWriter out = WavWriter.pcm16(tmp);
            try (AudioStream in = decoder.open(file)) {
                float[] buf = new float[AudioStream.SAMPLE_RATE];
                for (int r; (r = in.read(buf, 0, buf.length)) >= 0; ) {
                    out.write(buf, 0, r);
                }
                out.close();
            } finally {
                out.abort();
            }
            return new DecodedAudio(WavFileSource.open(tmp), tmp);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new EmotraceException("output.write_failed", "cannot write decoded audio to " + tmp + ": "
                    + e.getMessage(), e);
        } catch (EmotraceException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    public AudioSource source() {
        return source;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }

    @Override
    public void close() {
        source.close();
        if (temp != null) {
            deleteQuietly(temp);
        }
    }
}
