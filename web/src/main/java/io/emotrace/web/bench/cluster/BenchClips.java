package io.emotrace.web.bench.cluster;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bench's recordings: short real meeting speech, cut from the AMI excerpts in the shared data
 * ({@code data/ami-dev/dev00, dev01, trn00}, about 30 s each) into 16 kHz PCM16 WAV files of {@code seconds},
 * taken in turn from each excerpt at shifting offsets so consecutive jobs differ.
 */
final class BenchClips {
    static final List<String> SOURCES = List.of("dev00", "dev01", "trn00");

    private BenchClips() {
    }

    static List<Path> cut(Path dir, int count, double seconds) throws EmotraceException, IOException {
        Path ami = SharedData.root().resolve("data/ami-dev");
        List<float[]> audio = new ArrayList<>();
        for (String s : SOURCES) {
            Path f = ami.resolve(s + ".flac");
            if (!Files.exists(f)) {
                throw new EmotraceException("bench.data_missing", f + " not found (EMOTRACE_SHARED: the shared data)");
            }
            audio.add(decode(f));
        }
        Files.createDirectories(dir);
        int len = (int) Math.round(seconds * AudioStream.SAMPLE_RATE);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] src = audio.get(i % audio.size());
            if (src.length < len) {
                throw new EmotraceException("config.invalid", "--seconds " + seconds + " is longer than the excerpt "
                        + SOURCES.get(i % audio.size()) + " (" + src.length / AudioStream.SAMPLE_RATE + " s)");
            }
            int room = src.length - len;
            int offset = room == 0 ? 0 : (int) ((long) (i / audio.size()) * 7 * AudioStream.SAMPLE_RATE % (room + 1));
            Path clip = dir.resolve(String.format("clip-%03d-%s.wav", i, SOURCES.get(i % audio.size())));
            try (WavWriter w = WavWriter.pcm16(clip)) {
                w.write(src, offset, len);
            }
            out.add(clip);
        }
        return out;
    }

    private static float[] decode(Path file) throws EmotraceException {
        try (AudioStream in = new FfmpegAudioDecoder().open(file)) {
            float[] buf = new float[AudioStream.SAMPLE_RATE * 60];
            int n = 0;
            for (int r; (r = in.read(buf, n, buf.length - n)) >= 0; ) {
                n += r;
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            return Arrays.copyOf(buf, n);
        } catch (Exception e) {
            throw new EmotraceException("bench.decode_failed", "cannot decode " + file + ": " + e.getMessage(), e);
        }
    }
}
