package io.emotrace.emotion.analysis;

import io.emotrace.audio.AudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.testing.WideFrameModel;
import java.nio.file.Path;

/**
 * Run in a separate JVM with a small heap by {@link EmotionFileAnalyzerTest}: frame mode over one hour of
 * computed speech-like audio with D=512 frame embeddings (about 370 MB of frame features in all).
 * Arguments: output folder, seconds.
 */
public final class FrameModeHourRun {
    private FrameModeHourRun() {
    }

    /** Voiced 4 Hz syllables whose pitch changes every 20 s; computed per read from one period table. */
    static final class ComputedSpeech implements AudioSource {
        private final long length;
        private final float[] low = period(120);
        private final float[] high = period(1000);

        ComputedSpeech(long seconds) {
            this.length = seconds * 16_000;
        }

        /** One second of the 4 Hz syllable envelope over a harmonic voice. */
        private static float[] period(double f0) {
            float[] x = new float[16_000];
            for (int i = 0; i < x.length; i++) {
                double t = i / 16000.0;
                double env = Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t), 2);
                double v = 0;
                for (int h = 1; h <= 5; h++) {
                    v += Math.sin(2 * Math.PI * f0 * h * t) / h;
                }
                x[i] = (float) (0.15 * env * v + 0.0005 * Math.sin(i * 1.7));
            }
            return x;
        }

        @Override
        public int sampleRate() {
            return 16_000;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void read(long start, float[] dst, int off, int count) {
            for (int i = 0; i < count; i++) {
                long s = start + i;
                if (s < 0 || s >= length) {
                    dst[off + i] = 0;
                } else {
                    float[] p = (s / (20 * 16_000)) % 2 == 0 ? low : high;
                    dst[off + i] = p[(int) (s % 16_000)];
                }
            }
        }

        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        EmotionFileAnalyzer a = new EmotionFileAnalyzer(new WideFrameModel(512), InputQualityGate.standard(),
                new FfmpegAudioDecoder(), EmotionFileAnalyzer.Options.defaults().with(Granularity.FRAME, true, true, false));
        EmotionFileResult r = a.analyse(new EmotionFileAnalyzer.Input(Path.of("hour.wav"), "hour"),
                new ComputedSpeech(seconds), out.resolve("hour"));
        Runtime rt = Runtime.getRuntime();
        System.out.println("frames=" + r.frames().count() + " segments=" + r.segments().size()
                + " heapMax=" + rt.maxMemory() + " heapUsed=" + (rt.totalMemory() - rt.freeMemory()));
    }
}
