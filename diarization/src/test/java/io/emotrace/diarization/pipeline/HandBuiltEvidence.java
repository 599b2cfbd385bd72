package io.emotrace.diarization.pipeline;

/** Helpers for tests that build utterance and window evidence by hand. */
final class HandBuiltEvidence {
    private HandBuiltEvidence() {
    }

    /** {@code v} scaled to unit length (in place, returned). */
    static float[] unit(float... v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    /** One utterance over frames {@code from..to} whose single speaker is embedding {@code item}. */
    static Piece utterance(int from, int to, int item) {
        byte[] b = new byte[to - from];
        java.util.Arrays.fill(b, (byte) 1);
        return new Piece(from, b, new int[] {item});
    }
}
