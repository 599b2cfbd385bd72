package io.emotrace.bench;

import io.emotrace.SharedData;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.UnsupportedAudioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real speech for benchmarks and feature tests: the WAVs of {@code ../shared/data/asr} decoded with
 * {@link FfmpegAudioDecoder}, tiled to any duration.
 */
public final class RealSpeech {
    /** The rate the decoder delivers; one source of truth in {@link AudioStream}. */
    public static final int SAMPLE_RATE = AudioStream.SAMPLE_RATE;
    public static final String ASR_DIR = "data/asr";

    private RealSpeech() {
    }

    /** A shared clip as 16 kHz mono floats, decoded by the project's one decoder. */
    public static float[] readWav(Path file) throws IOException {
        try {
            return new FfmpegAudioDecoder().decodeAll(file);
        } catch (UnsupportedAudioException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
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
