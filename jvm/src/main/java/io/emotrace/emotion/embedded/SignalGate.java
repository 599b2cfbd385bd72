package io.emotrace.emotion.embedded;

/**
 * Decides, before the network runs, whether a clip has enough signal to be judged; otherwise the answer is
 * {@code unknown} with the reason. Rules (16 kHz, raw amplitude in [-1, 1]):
 * <ul>
 *   <li>shorter than {@link #MIN_SECONDS} (0.3 s): too short;</li>
 *   <li>loudest 25 ms frame below {@link #SILENCE_DBFS} (-65 dBFS): silence. The loudest frame, not the overall
 *       level, decides: quiet RAVDESS takes with long pauses average under -50 dBFS yet peak near -44 dBFS;</li>
 *   <li>fewer than {@link #MIN_ACTIVE_FRAMES} 25 ms frames within 30 dB of the loudest frame and above
 *       -75 dBFS: too little signal (a click or a short burst, not speech).</li>
 * </ul>
 * This is the model's own floor; the pipeline and CLI put {@link io.emotrace.emotion.quality.InputQualityGate}
 * (noise, clipping, steady tones) in front of every backend.
 */
public final class SignalGate {
    public static final double MIN_SECONDS = 0.3;
    public static final double SILENCE_DBFS = -65;
    public static final int MIN_ACTIVE_FRAMES = 8;
    private static final int FRAME = 400;

    private SignalGate() {
    }

    /** Null when the clip may be judged, else the reason it is {@code unknown}. */
    public static String reject(float[] clip, int sampleRate) {
        if (clip.length < MIN_SECONDS * sampleRate) {
            return String.format(java.util.Locale.ROOT, "too short: %.2f s < %.1f s", clip.length / (double) sampleRate, MIN_SECONDS);
        }
        for (float v : clip) {
            if (!Float.isFinite(v)) {
                return "invalid samples (NaN or infinite)";
            }
        }
        int n = clip.length / FRAME;
        double[] db = new double[n];
        double max = -200;
        for (int f = 0; f < n; f++) {
            double e = 0;
            for (int i = f * FRAME; i < (f + 1) * FRAME; i++) {
                e += (double) clip[i] * clip[i];
            }
            db[f] = 10 * Math.log10(e / FRAME + 1e-20);
            max = Math.max(max, db[f]);
        }
        if (max < SILENCE_DBFS) {
            return String.format(java.util.Locale.ROOT, "silence: loudest frame %.1f dBFS < %.0f dBFS", max, SILENCE_DBFS);
        }
        int active = 0;
        for (double d : db) {
            if (d > max - 30 && d > SILENCE_DBFS - 10) {
                active++;
            }
        }
        if (active < MIN_ACTIVE_FRAMES) {
            return "too little signal: " + active + " active 25 ms frames < " + MIN_ACTIVE_FRAMES;
        }
        return null;
    }
}
