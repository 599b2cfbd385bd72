package io.emotrace.emotion.embedded;

/**
 * Decides, before the network runs, whether a clip has enough signal to be judged; otherwise the answer is
 * {@code unknown} with the reason. Rules (16 kHz, raw amplitude in [-1, 1]):
 * <ul>
 *   <li>shorter than {@link #MIN_SECONDS} (0.3 s): too short;</li>
 *   <li>overall RMS below {@link #SILENCE_DBFS} (-50 dBFS): silence;</li>
 *   <li>fewer than {@link #MIN_ACTIVE_FRAMES} 25 ms frames within 30 dB of the loudest frame and above
 *       -55 dBFS: too little signal (a click or a short burst, not speech).</li>
 * </ul>
 * Music and steady noise pass this gate; the network's low confidence turns them into {@code other}.
 */
public final class SignalGate {
    public static final double MIN_SECONDS = 0.3;
    public static final double SILENCE_DBFS = -50;
    public static final int MIN_ACTIVE_FRAMES = 8;
    private static final int FRAME = 400;

    private SignalGate() {
    }

    /** Null when the clip may be judged, else the reason it is {@code unknown}. */
    public static String reject(float[] clip, int sampleRate) {
        if (clip.length < MIN_SECONDS * sampleRate) {
            return String.format(java.util.Locale.ROOT, "too short: %.2f s < %.1f s", clip.length / (double) sampleRate, MIN_SECONDS);
        }
        double sum = 0;
        for (float v : clip) {
            if (!Float.isFinite(v)) {
                return "invalid samples (NaN or infinite)";
            }
            sum += (double) v * v;
        }
        double rmsDb = 10 * Math.log10(sum / clip.length + 1e-20);
        if (rmsDb < SILENCE_DBFS) {
            return String.format(java.util.Locale.ROOT, "silence: level %.1f dBFS < %.0f dBFS", rmsDb, SILENCE_DBFS);
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
        int active = 0;
        for (double d : db) {
            if (d > max - 30 && d > -55) {
                active++;
            }
        }
        if (active < MIN_ACTIVE_FRAMES) {
            return "too little signal: " + active + " active 25 ms frames < " + MIN_ACTIVE_FRAMES;
        }
        return null;
    }
}
