package io.emotrace.web.ws;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test audio for live streams: two synthetic voices (harmonic series at 120 Hz and 330 Hz, syllable-modulated)
 * taking turns with pauses between, so the light test stages find utterances, two speakers and words.
 */
final class LiveAudio {
    private LiveAudio() {
    }

    /** Mono samples at {@code rate}: turns of {@code turnSeconds}, pauses of 0.8 s, alternating voices. */
    static float[] turns(int rate, int turns, double turnSeconds) {
        double pause = 0.8;
        int n = (int) Math.round(rate * (0.5 + turns * (turnSeconds + pause)));
        float[] x = new float[n];
        for (int t = 0; t < turns; t++) {
            double f0 = t % 2 == 0 ? 120 : 330;
            int start = (int) Math.round(rate * (0.5 + t * (turnSeconds + pause)));
            int len = (int) Math.round(rate * turnSeconds);
            for (int i = 0; i < len && start + i < n; i++) {
                double time = i / (double) rate;
                double syllable = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * time);
                double v = 0;
                for (int h = 1; h <= 6; h++) {
                    v += Math.sin(2 * Math.PI * f0 * h * time) / h;
                }
                x[start + i] = (float) (0.15 * syllable * v);
            }
        }
        return x;
    }

    static byte[] s16(float[] x, int channels) {
        ByteBuffer b = ByteBuffer.allocate(x.length * 2 * channels).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            for (int c = 0; c < channels; c++) {
                b.putShort((short) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
            }
        }
        return b.array();
    }

    static byte[] f32(float[] x, int channels) {
        ByteBuffer b = ByteBuffer.allocate(x.length * 4 * channels).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            for (int c = 0; c < channels; c++) {
                b.putFloat(v);
            }
        }
        return b.array();
    }
}
