package io.emotrace.bench;

import io.emotrace.SharedData;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Real speech for benchmarks and feature tests without the FFmpeg decoder: the 16 kHz WAVs of
 * {@code ../shared/data/asr} read with javax.sound (PCM 16-bit and IEEE float), tiled to any duration.
 */
public final class RealSpeech {
    public static final int SAMPLE_RATE = 16_000;
    public static final String ASR_DIR = "data/asr";

    private RealSpeech() {
    }

    /** Mono 16 kHz WAV (PCM 8/16/24/32-bit or 32-bit float) as floats in [-1, 1]. */
    public static float[] readWav(Path file) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            AudioFormat f = in.getFormat();
            if (f.getChannels() != 1 || Math.round(f.getSampleRate()) != SAMPLE_RATE) {
                throw new IOException(file + ": expected mono " + SAMPLE_RATE + " Hz, got " + f);
            }
            return toFloats(in, f, file);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + ": not a WAV javax.sound can read", e);
        }
    }

    private static float[] toFloats(InputStream in, AudioFormat f, Path file) throws IOException {
        byte[] raw = in.readAllBytes();
        int bytes = f.getSampleSizeInBits() / 8;
        int n = raw.length / bytes;
        ByteBuffer bb = ByteBuffer.wrap(raw).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[n];
        AudioFormat.Encoding enc = f.getEncoding();
        if (enc.equals(AudioFormat.Encoding.PCM_FLOAT) && bytes == 4) {
            for (int i = 0; i < n; i++) {
                out[i] = bb.getFloat(i * 4);
            }
        } else if (enc.equals(AudioFormat.Encoding.PCM_SIGNED) && bytes == 2) {
            for (int i = 0; i < n; i++) {
                out[i] = bb.getShort(i * 2) / 32768f;
            }
        } else if (enc.equals(AudioFormat.Encoding.PCM_SIGNED) && bytes == 4) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) (bb.getInt(i * 4) / 2147483648.0);
            }
        } else {
            throw new IOException(file + ": unsupported WAV encoding " + f);
        }
        return out;
    }

    /** All readable WAVs of the shared ASR folder, in name order. */
    public static List<float[]> asrClips() throws IOException {
        Path dir = SharedData.find(ASR_DIR).orElseThrow(() -> new IOException(
                "shared data missing: " + SharedData.root().resolve(ASR_DIR)
                        + " (set EMOTRACE_SHARED to the folder with data/ and models/)"));
        List<Path> wavs;
        try (Stream<Path> s = Files.list(dir)) {
            wavs = s.filter(p -> p.getFileName().toString().endsWith(".wav")).sorted().toList();
        }
        List<float[]> clips = new ArrayList<>();
        for (Path p : wavs) {
            clips.add(readWav(p));
        }
        if (clips.isEmpty()) {
            throw new IOException("no WAV files in " + dir);
        }
        return clips;
    }

    /** {@code seconds} of real speech: the shared clips concatenated and repeated until long enough. */
    public static float[] tiled(long seconds) throws IOException {
        if (seconds <= 0 || seconds * SAMPLE_RATE > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("seconds out of range: " + seconds);
        }
        List<float[]> clips = asrClips();
        float[] out = new float[(int) (seconds * SAMPLE_RATE)];
        int pos = 0;
        for (int i = 0; pos < out.length; i = (i + 1) % clips.size()) {
            float[] c = clips.get(i);
            int n = Math.min(c.length, out.length - pos);
            System.arraycopy(c, 0, out, pos, n);
            pos += n;
        }
        return out;
    }
}
