package io.emotrace.sample;

import io.emotrace.Digests;
import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.WavWriter;
import io.emotrace.output.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A short three-person meeting synthesised with espeak-ng voices, so the project can demonstrate itself without
 * shipping any recording. Each line is rendered with espeak-ng (22050 Hz), decoded to 16 kHz by the FFmpeg
 * decoder, trimmed, and placed on a timeline with pauses and one overlap. Besides the 16 kHz WAV the cache
 * holds the reference turns (RTTM) and the script with times, so later stages can be scored against it. Generated once per script/espeak version into the cache directory.
 */
public final class SampleMeeting {
    public static final String WAV = "sample_meeting.wav";
    public static final String RTTM = "sample_meeting.rttm";
    public static final String SCRIPT = "sample_meeting.txt";
    private static final String KEY = "sample_meeting.key";
    private static final int RATE = AudioStream.SAMPLE_RATE;
    private static final int FORMAT_VERSION = 1;

    /** One spoken line; {@code pauseAfter} < 0 makes the next line start before this one ends (overlap). */
    record Line(String speaker, String voice, int wordsPerMinute, double gain, String text, double pauseAfter) {
    }

    static final List<Line> SCRIPT_LINES = List.of(
            maria("Good morning everyone. Thanks for joining the quarterly review. "
                    + "Let's start with the delivery numbers.", 0.8),
            tom("Sure. We shipped four releases this quarter, and two of them were late by more than a week.", 0.6),
            priya("Two late releases again? That is really frustrating. The customers noticed, "
                    + "and I had to apologise twice.", 0.5),
            tom("I know, I know. The test environment was down for six days. That was not under our control.", -0.6),
            maria("Okay, let's not blame anyone.", 0.9),
            maria("What would help us most next quarter?", 0.7),
            priya("Honestly, a stable test environment, and earlier warnings when something slips.", 0.6),
            tom("Agreed. I can set up automatic alerts by Friday.", 0.5),
            priya("That would be great, thank you!", 1.0),
            maria("Wonderful. I am really happy with how this team handles problems. "
                    + "Let's meet again in two weeks.", 0.5),
            tom("Sounds good. Bye everyone.", 0.3),
            priya("Bye!", 0.0));

    /**
     * British English, female: espeak-ng 1.51 drops a variant written after "en-gb" (en-gb+f2 is byte for byte its
     * default male voice, which sounds like tom), while "en" names the same British voice and keeps the variant.
     */
    private static Line maria(String text, double pause) {
        return new Line("maria", "en+f2", 160, 0.8, text, pause);
    }

    private static Line tom(String text, double pause) {
        return new Line("tom", "en-us+m3", 170, 0.7, text, pause);
    }

    private static Line priya(String text, double pause) {
        return new Line("priya", "en+f4", 175, 0.75, text, pause);
    }

    private SampleMeeting() {
    }

    /** {@code $EMOTRACE_CACHE/sample}, default {@code ~/.cache/emotrace/sample}. */
    public static Path defaultCacheDir() {
        String env = System.getenv("EMOTRACE_CACHE");
        Path base = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "emotrace");
        return base.resolve("sample");
    }

    /**
     * Returns the sample meeting WAV in {@code cacheDir}, synthesising it first if it is missing or was made
     * by another script or espeak-ng version.
     */
    public static Path ensure(Path cacheDir) throws EmotraceException {
        AudioDecoder decoder = new FfmpegAudioDecoder();
        String espeak = espeakVersion();
        String key = key(espeak, decoder);
        Path wav = cacheDir.resolve(WAV);
        Path keyFile = cacheDir.resolve(KEY);
        try {
            if (Files.isRegularFile(wav) && Files.isRegularFile(keyFile)
                    && Files.readString(keyFile).strip().equals(key)) {
                return wav;
            }
            Files.createDirectories(cacheDir);
            synthesize(cacheDir, decoder);
            AtomicFiles.write(keyFile, (key + "\n").getBytes(StandardCharsets.UTF_8));
            return wav;
        } catch (IOException e) {
            throw new EmotraceException("sample.write_failed", "cannot write the sample meeting to " + cacheDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static void synthesize(Path dir, AudioDecoder decoder) throws EmotraceException, IOException {
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < SCRIPT_LINES.size(); i++) {
            Line line = SCRIPT_LINES.get(i);
            Path tmp = dir.resolve(".line-" + i + ".wav");
            try {
                speak(line, tmp);
                clips.add(trim(decoder.decodeAll(tmp)));
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        double[] starts = new double[clips.size()];
        double cursor = 0.5;
        double end = 0;
        for (int i = 0; i < clips.size(); i++) {
            starts[i] = cursor;
            double len = clips.get(i).length / (double) RATE;
            end = Math.max(end, cursor + len);
            cursor = cursor + len + SCRIPT_LINES.get(i).pauseAfter();
        }
        float[] mix = new float[(int) Math.ceil((end + 0.5) * RATE)];
        Random noise = new Random(42);
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (float) (noise.nextGaussian() * 0.002); // a quiet room, about -54 dBFS
        }
        for (int i = 0; i < clips.size(); i++) {
            float[] c = clips.get(i);
            int at = (int) Math.round(starts[i] * RATE);
            float g = (float) SCRIPT_LINES.get(i).gain();
            for (int k = 0; k < c.length; k++) {
                mix[at + k] += g * c[k];
            }
        }
        float peak = 0;
        for (float v : mix) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 0.95f) {
            for (int i = 0; i < mix.length; i++) {
                mix[i] *= 0.95f / peak;
            }
        }
        try (WavWriter w = WavWriter.pcm16(dir.resolve(WAV))) {
            w.write(mix);
        }
        StringBuilder rttm = new StringBuilder();
        StringBuilder script = new StringBuilder("# speaker\tstart\tend\tvoice\ttext\n");
        for (int i = 0; i < clips.size(); i++) {
            Line l = SCRIPT_LINES.get(i);
            double dur = clips.get(i).length / (double) RATE;
            rttm.append(String.format(Locale.ROOT, "SPEAKER sample_meeting 1 %.3f %.3f <NA> <NA> %s <NA> <NA>%n",
                    starts[i], dur, l.speaker()));
            script.append(String.format(Locale.ROOT, "%s\t%.3f\t%.3f\t%s\t%s%n", l.speaker(), starts[i],
                    starts[i] + dur, l.voice(), l.text()));
        }
        AtomicFiles.write(dir.resolve(RTTM), rttm.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(SCRIPT), script.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void speak(Line line, Path out) throws EmotraceException, IOException {
        Process p = start(List.of("espeak-ng", "-v", line.voice(), "-s", Integer.toString(line.wordsPerMinute()),
                "-w", out.toString(), line.text()));
        String log;
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EmotraceException("sample.espeak_failed", "espeak-ng did not finish within 60 s");
            }
            log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EmotraceException("sample.interrupted", "interrupted while running espeak-ng", e);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new EmotraceException("sample.espeak_failed", "espeak-ng -v " + line.voice() + " failed (exit "
                    + p.exitValue() + "): " + log);
        }
    }

    /** espeak-ng pads each utterance with silence; the reference turns should start and end on speech. */
    static float[] trim(float[] x) {
        float threshold = 1e-3f;
        int a = 0;
        int b = x.length;
        while (a < b && Math.abs(x[a]) < threshold) {
            a++;
        }
        while (b > a && Math.abs(x[b - 1]) < threshold) {
            b--;
        }
        return java.util.Arrays.copyOfRange(x, a, b);
    }

    /** "eSpeak NG text-to-speech: 1.51 ..." or a typed error telling the user how to install it. */
    public static String espeakVersion() throws EmotraceException {
        try {
            Process p = start(List.of("espeak-ng", "--version"));
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EmotraceException("sample.espeak_failed", "espeak-ng --version did not answer");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new EmotraceException("sample.espeak_missing", "espeak-ng is needed to synthesise the sample "
                    + "meeting; install it with ./emotrace setup (or apt-get install espeak-ng)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmotraceException("sample.interrupted", "interrupted while running espeak-ng", e);
        }
    }

    private static Process start(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String key(String espeak, AudioDecoder decoder) {
        StringBuilder sb = new StringBuilder().append(FORMAT_VERSION).append('\n').append(espeak).append('\n')
                .append(decoder.getClass().getName()).append('\n');
        for (Line l : SCRIPT_LINES) {
            sb.append(l).append('\n');
        }
        return Digests.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
