package io.emotrace.audio;

import java.nio.file.Path;

/**
 * Measures decode speed (times real time) of {@link FfmpegAudioDecoder}, single thread, to 16 kHz mono.
 * Usage: {@code DecodeSpeed [repeats] FILE...}; the first pass of each file is a warm-up and not counted.
 */
public final class DecodeSpeed {
    private DecodeSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = Integer.parseInt(args[0]);
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        float[] buf = new float[16_000];
        for (int a = 1; a < args.length; a++) {
            Path file = Path.of(args[a]);
            String info = "";
            double audio = 0;
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep <= repeats; rep++) {
                long t0 = System.nanoTime();
                long n = 0;
                try (AudioStream in = decoder.open(file)) {
                    info = in.info().toString();
                    for (int r; (r = in.read(buf, 0, buf.length)) >= 0; ) {
                        n += r;
                    }
                }
                long dt = System.nanoTime() - t0;
                audio = n / 16_000.0;
                if (rep > 0) {
                    best = Math.min(best, dt);
                }
            }
            System.out.printf("%s: %.1f s of audio, best of %d: %.1f ms = %.0fx real time  %s%n", file.getFileName(),
                    audio, repeats, best / 1e6, audio / (best / 1e9), info);
        }
    }
}
