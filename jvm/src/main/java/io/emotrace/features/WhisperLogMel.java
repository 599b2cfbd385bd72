package io.emotrace.features;

/**
 * Whisper's clip-level post-step over log10 mel features: clamp to (max - 8) then scale (x + 4) / 4.
 * It needs the maximum of the whole clip, so it cannot live inside the per-frame kernels.
 */
public final class WhisperLogMel {
    private WhisperLogMel() {
    }

    /** Normalises {@code feats} in place and returns it. */
    public static float[] normalize(float[] feats) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : feats) {
            max = Math.max(max, v);
        }
        float lower = max - 8f;
        for (int i = 0; i < feats.length; i++) {
            feats[i] = (Math.max(feats[i], lower) + 4f) / 4f;
        }
        return feats;
    }
}
